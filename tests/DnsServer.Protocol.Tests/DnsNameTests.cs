namespace DnsServer.Protocol.Tests;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData(@"a\.b.example.", 2)]
    [InlineData(@"\000.example.", 2)]
    [InlineData(@"\"".example.", 2)]
    [InlineData(@"a\\b.example.", 2)]
    [InlineData(@"\255\032x.example.", 2)]
    [InlineData(@"\@\$\;\(\).example.", 2)]
    public void Parse_EscapedLabel_RoundTripsThroughText(string text, int labels)
    {
        var name = DnsName.Parse(text);
        Assert.Equal(labels, name.LabelCount);
        Assert.Equal(text, name.ToString());
        Assert.Equal(name.Wire.ToArray(), DnsName.Parse(name.ToString()).Wire.ToArray());
    }

    [Fact]
    public void Parse_EscapedDot_StaysInOneLabel()
    {
        var name = DnsName.Parse(@"a\.b.example.");
        Assert.Equal("a.b"u8.ToArray(), name.GetLabel(0).ToArray());
    }

    [Fact]
    public void Parse_Label63_Accepted_Label64_Rejected()
    {
        Assert.Equal(63, DnsName.Parse(new string('a', 63) + ".").GetLabel(0).Length);
        Assert.Throws<DnsFormatException>(() => DnsName.Parse(new string('a', 64) + "."));
    }

    [Fact]
    public void Parse_Name255_Accepted_Name256_Rejected()
    {
        // Four labels of 63 (4 * 64 = 256 octets) overflow; three of 63 and one of 61 make 255 with the root.
        string label63 = new('a', 63);
        string ok = $"{label63}.{label63}.{label63}.{new string('b', 61)}.";
        Assert.Equal(255, DnsName.Parse(ok).Wire.Length);
        Assert.Throws<DnsFormatException>(() => DnsName.Parse($"{label63}.{label63}.{label63}.{new string('b', 62)}."));
        Assert.Throws<DnsFormatException>(() => DnsName.FromWire(new byte[256]));
    }

    [Fact]
    public void Equals_DifferentCase_EqualWithSameHash()
    {
        var a = DnsName.Parse("WWW.Example.COM.");
        var b = DnsName.Parse("www.example.com.");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("WWW.Example.COM.", a.ToString());
    }

    [Fact]
    public void Equals_EscapedDotVersusSeparator_NotEqual() =>
        Assert.NotEqual(DnsName.Parse(@"a\.b.example."), DnsName.Parse("a.b.example."));

    [Fact]
    public void CompareTo_Rfc4034Section61Example_SortsCanonically()
    {
        // RFC 4034 §6.1 lists these names in canonical order.
        string[] ordered =
        [
            "example.", "a.example.", "yljkjljk.a.example.", @"Z.a.example.", @"zABC.a.EXAMPLE.",
            "z.example.", @"\001.z.example.", "*.z.example.", @"\200.z.example.",
        ];
        var names = ordered.Select(n => DnsName.Parse(n)).ToArray();
        var shuffled = names.Reverse().ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(n => n.ToString()));
    }
}
