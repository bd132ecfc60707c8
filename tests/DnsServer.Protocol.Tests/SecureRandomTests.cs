namespace DnsServer.Protocol.Tests;

public sealed class SecureRandomTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(0, 7)]
    [InlineData(-5, 5)]
    [InlineData(0, 0x10000)]
    [InlineData(0, int.MaxValue)]
    public void GetInt32_ManyDraws_AllInRange(int from, int to)
    {
        for (int i = 0; i < 2_000; i++)
        {
            Assert.InRange(SecureRandom.GetInt32(from, to), from, to - 1);
        }
    }

    [Fact]
    public void GetInt32_SmallRange_EveryValueAboutEquallyOften()
    {
        var counts = new int[6];
        for (int i = 0; i < 60_000; i++)
        {
            counts[SecureRandom.GetInt32(6)]++;
        }

        // 10,000 expected each; a fair source stays within ±5% with overwhelming probability.
        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void GetInt32_EmptyRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecureRandom.GetInt32(3, 3));
    }

    [Fact]
    public void Fill_TwoBuffers_FilledAndDifferent()
    {
        var a = new byte[64];
        var b = new byte[64];

        SecureRandom.Fill(a);
        SecureRandom.Fill(b);

        Assert.NotEqual(a, b);
        Assert.Contains(a, x => x != 0);
    }
}
