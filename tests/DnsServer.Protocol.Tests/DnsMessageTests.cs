using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.Tests;

public sealed class DnsMessageTests
{
    public static TheoryData<string> MessageNames => [.. TestMessages.All().Select(m => m.Name)];

    private static byte[] Wire(string name) => TestMessages.All().Single(m => m.Name == name).Message.ToArray();

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Parse_WrittenMessage_RoundTripsToSameBytesAndText(string name)
    {
        var message = TestMessages.All().Single(m => m.Name == name).Message;
        byte[] wire = message.ToArray();
        var parsed = DnsMessage.Parse(wire);
        Assert.Equal(wire, parsed.ToArray());
        Assert.Equal(message.ToString(), parsed.ToString());
        Assert.Equal(message.Answers, parsed.Answers);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Parse_EveryProperPrefix_ThrowsOnlyFormatException(string name)
    {
        byte[] wire = Wire(name);
        for (int length = 0; length < wire.Length; length++)
        {
            var prefix = wire.AsSpan(0, length).ToArray();
            Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(prefix));
        }
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Parse_TrailingOctet_Throws(string name)
    {
        byte[] wire = [.. Wire(name), 0];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(10)]
    public void Parse_CountTooHigh_Throws(int countOffset)
    {
        byte[] wire = Wire("NXDOMAIN with SOA");
        wire[countOffset + 1]++;
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }

    [Fact]
    public void Parse_TwoOptRecords_Throws()
    {
        var message = TestMessages.All().Single(m => m.Name == "query with OPT").Message;
        byte[] wire = message.ToArray();
        byte[] opt = wire[^19..];
        byte[] doubled = [.. wire, .. opt];
        doubled[11] = 2;
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(doubled));
    }

    [Fact]
    public void ToString_Response_LooksLikeDig()
    {
        string text = TestMessages.All().Single(m => m.Name == "NXDOMAIN with SOA").Message.ToString();
        Assert.Contains(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 9", text, StringComparison.Ordinal);
        Assert.Contains(";; flags: qr aa; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1", text, StringComparison.Ordinal);
        Assert.Contains("; EDNS: version: 0, flags:; udp: 1232", text, StringComparison.Ordinal);
        Assert.Contains(";www.example.\tIN\tA", text, StringComparison.Ordinal);
        Assert.Contains("example.\t300\tIN\tSOA\tns1.example. hostmaster.example. 1 7200 3600 1209600 300", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExtendedRCode_JoinsOptHighBits()
    {
        var message = new DnsMessage
        {
            Flags = DnsHeader.QRFlag,
            Opt = new Edns.OptRecord(1232, 1, 0, 0),
        };
        Assert.Equal(ResponseCode.BadVers, DnsMessage.Parse(message.ToArray()).ResponseCode);
    }

    [Fact]
    public void Parse_OptInAnswerSection_Throws()
    {
        byte[] wire = Convert.FromHexString("000081000000000100000000" + "00" + "0029" + "04D0" + "00000000" + "0000");
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(wire));
    }

    [Fact]
    public void Parse_UnknownType_KeepsOpaqueData()
    {
        var record = ZoneText.ParseRecord(@"x.example. 60 IN TYPE4000 \# 3 ABCDEF");
        var message = new DnsMessage { Flags = DnsHeader.QRFlag, Answers = [record] };
        var parsed = DnsMessage.Parse(message.ToArray());
        var data = Assert.IsType<UnknownRData>(parsed.Answers[0].Data);
        Assert.Equal(new byte[] { 0xAB, 0xCD, 0xEF }, data.Data.ToArray());
    }
}
