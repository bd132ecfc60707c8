using CsCheck;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.Tests;

public sealed class RDataParserTests
{
    [Theory]
    [InlineData("MX", "ten mail", "MX preference is not a number: ten")]
    [InlineData("MX", "70000 mail", "MX preference is out of range (0..65535): 70000")]
    [InlineData("MX", "10", "MX exchange is missing")]
    [InlineData("MX", "10 mail extra", "too many fields for MX: 'extra'")]
    [InlineData("A", "1.2.3", "not an IPv4 address: 1.2.3")]
    [InlineData("A", "1.2.3.256", "not an IPv4 address: 1.2.3.256")]
    [InlineData("AAAA", "192.0.2.1", "not an IPv6 address: 192.0.2.1")]
    [InlineData("SOA", "ns1 host 1 2 3 4", "SOA minimum is missing")]
    [InlineData("SRV", "1 2 3 bad..name", "SRV target is not a valid name: empty label in 'bad..name'")]
    [InlineData("DS", "1 8 2 ABC", "DS digest has an odd number of hex digits")]
    [InlineData("DNSKEY", "257 3 13 !!!!", "DNSKEY public key is not valid base64")]
    [InlineData("NSEC", "next. A BOGUS", "NSEC type list has an unknown type: BOGUS")]
    [InlineData("RRSIG", "A 13 2 3600 20241301000000 20240101000000 1 example. AAAA", "RRSIG expiration is not a time: 20241301000000")]
    [InlineData("CAA", "0 is-sue \"x\"", "CAA tag is not letters and digits: is-sue")]
    [InlineData("SVCB", "1 . mandatory=alpn", "SVCB mandatory lists alpn, which is absent")]
    [InlineData("SVCB", "1 . port=x", "SVCB SvcParam port is not a port: x")]
    [InlineData("HTTPS", "1 . alpn=h2 alpn=h3", "HTTPS SvcParam alpn appears twice")]
    [InlineData("TYPE65280", "abc", "TYPE65280 has no presentation format here; use the generic \\# form")]
    [InlineData("A", "\\# 5 C0000201", "A generic data has 4 octets but the length says 5")]
    [InlineData("A", "\\# 3 C00002", "generic data is not valid A RDATA: A address runs past the end of the RDATA")]
    public void Parse_BadField_MessageNamesTheField(string type, string rdata, string message)
    {
        var e = Assert.Throws<DnsFormatException>(() => ZoneText.ParseRData(type, rdata));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_TxtStringOver255_Rejected()
    {
        var e = Assert.Throws<DnsFormatException>(() => ZoneText.ParseRData("TXT", "\"" + new string('x', 256) + "\""));
        Assert.Equal("TXT character-string is longer than 255 octets (256)", e.Message);
        Assert.Equal(255, ((TxtRData)ZoneText.ParseRData("TXT", "\"" + new string('x', 255) + "\"")).Strings[0].Length);
    }

    [Fact]
    public void Parse_TxtEscapes_Unescaped()
    {
        var txt = (TxtRData)ZoneText.ParseRData("TXT", @"""a\""b\\c\065\000""");
        Assert.Equal("a\"b\\cA\0"u8.ToArray(), txt.Strings[0].ToArray());
    }

    [Fact]
    public void Equals_NamesInMxDifferInCase_EqualButSvcbTargetsNot()
    {
        Assert.Equal(ZoneText.ParseRData("MX", "10 MAIL.example."), ZoneText.ParseRData("MX", "10 mail.example."));
        Assert.Equal(ZoneText.ParseRData("RRSIG", "A 13 2 3600 20240201000000 20240101000000 1 EXAMPLE. AAAA"),
            ZoneText.ParseRData("RRSIG", "A 13 2 3600 20240201000000 20240101000000 1 example. AAAA"));
        Assert.NotEqual(ZoneText.ParseRData("SVCB", "1 SVC.example."), ZoneText.ParseRData("SVCB", "1 svc.example."));
        Assert.NotEqual(ZoneText.ParseRData("NSEC", "Next.example. A"), ZoneText.ParseRData("NSEC", "next.example. A"));
    }

    [Fact]
    public void Parse_RandomTokens_ThrowsNothingButFormatException()
    {
        RecordType[] types = [.. Enum.GetValues<RecordType>().Where(RDataReader.IsKnown)];
        var token = Gen.Select(Gen.String[Gen.Char["0123456789abcdefAZ.:-=,\\\"@# +/"], 0, 12], Gen.Bool)
            .Select((text, quoted) => new ZoneToken(text, quoted));
        Gen.Select(Gen.Int[0, types.Length - 1], token.Array[0, 8]).Sample((which, tokens) =>
        {
            try
            {
                _ = RDataParser.Parse(types[which], tokens, ZoneText.Origin).ToString();
            }
            catch (DnsFormatException)
            {
            }
        }, iter: 30000, seed: "0N0XIzNsQ0O2");
    }
}
