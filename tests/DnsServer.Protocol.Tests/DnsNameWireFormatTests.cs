using System.Text;

namespace DnsServer.Protocol.Tests;

/// <summary>The allocation-free presentation formatter for wire names.</summary>
public sealed class DnsNameWireFormatTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("example.")]
    [InlineData("www.Example.COM.")]
    [InlineData(@"a\.b.example.")]
    [InlineData(@"a\\b.example.")]
    [InlineData(@"\"".example.")]
    [InlineData(@"\@\$\;\(\).example.")]
    [InlineData(@"\000.example.")]
    [InlineData(@"\255\032x.example.")]
    [InlineData(@"\127~.example.")]
    [InlineData("*.wild.example.")]
    [InlineData("_sip._tcp.example.")]
    public void TryFormat_Name_MatchesTextAndToString(string text)
    {
        var name = DnsName.Parse(text);
        Span<byte> destination = stackalloc byte[DnsNameWire.MaxPresentationLength];

        Assert.True(DnsNameWire.TryFormat(name.Wire, destination, out int written));

        string formatted = Encoding.ASCII.GetString(destination[..written]);
        Assert.Equal(text, formatted);
        Assert.Equal(name.ToString(), formatted);
    }

    [Fact]
    public void TryFormat_RandomNames_RoundTripThroughParse()
    {
        var random = new Random(1035);
        var destination = new byte[DnsNameWire.MaxPresentationLength];
        for (int n = 0; n < 2000; n++)
        {
            var wire = RandomWire(random);

            Assert.True(DnsNameWire.TryFormat(wire, destination, out int written));

            string formatted = Encoding.ASCII.GetString(destination, 0, written);
            Assert.Equal(DnsName.FromWire(wire).ToString(), formatted);
            Assert.Equal(wire, DnsName.Parse(formatted).Wire.ToArray());
        }
    }

    [Fact]
    public void TryFormat_LongestEscapedName_FitsMaxPresentationLength()
    {
        // 255 octets: three 63-octet labels and one of 61, every octet written as \DDD.
        var builder = new StringBuilder();
        foreach (int length in (int[])[63, 63, 63, 61])
        {
            builder.Append(string.Concat(Enumerable.Repeat(@"\001", length))).Append('.');
        }

        var name = DnsName.Parse(builder.ToString());
        Assert.Equal(DnsName.MaxLength, name.Wire.Length);
        Span<byte> destination = stackalloc byte[DnsNameWire.MaxPresentationLength];

        Assert.True(DnsNameWire.TryFormat(name.Wire, destination, out int written));
        Assert.Equal(builder.ToString(), Encoding.ASCII.GetString(destination[..written]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(12)]
    public void TryFormat_DestinationTooShort_ReturnsFalse(int size)
    {
        var name = DnsName.Parse(@"a\.b.example.");
        var destination = new byte[size];

        Assert.False(DnsNameWire.TryFormat(name.Wire, destination, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryFormat_LabelPastEnd_ReturnsFalse()
    {
        var destination = new byte[64];

        Assert.False(DnsNameWire.TryFormat([5, (byte)'a', (byte)'b'], destination, out _));
    }

    [Fact]
    public void TryFormat_RepeatedCalls_AllocateNothing()
    {
        var wire = DnsName.Parse(@"www.a\.b\000.example.").Wire.ToArray();
        var destination = new byte[DnsNameWire.MaxPresentationLength];
        DnsNameWire.TryFormat(wire, destination, out _);

        // A tiered-compilation promotion can allocate once mid-round; a path that allocates does so every round.
        long allocated = long.MaxValue;
        for (int round = 0; round < 5 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                DnsNameWire.TryFormat(wire, destination, out _);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    private static byte[] RandomWire(Random random)
    {
        var wire = new List<byte>();
        int labels = random.Next(0, 5);
        for (int l = 0; l < labels; l++)
        {
            int length = random.Next(1, 20);
            wire.Add((byte)length);
            for (int i = 0; i < length; i++)
            {
                // Mostly letters, digits and the characters that need escaping; some of every octet.
                wire.Add(random.Next(4) == 0 ? (byte)random.Next(256) : (byte)"az09.\\\"();@$- _*"[random.Next(16)]);
            }
        }

        wire.Add(0);
        return [.. wire];
    }
}
