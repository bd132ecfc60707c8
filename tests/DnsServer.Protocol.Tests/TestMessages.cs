using DnsServer.Protocol.Edns;

namespace DnsServer.Protocol.Tests;

/// <summary>Valid messages used by the strictness, fuzzing and interoperability tests.</summary>
internal static class TestMessages
{
    public static IEnumerable<(string Name, DnsMessage Message)> All()
    {
        var question = new DnsQuestion(DnsName.Parse("www.example."), RecordType.A);
        yield return ("query", new DnsMessage { Id = 0x1234, Flags = DnsHeader.RDFlag, Questions = [question] });
        yield return ("query with OPT", new DnsMessage
        {
            Id = 7,
            Flags = DnsHeader.RDFlag,
            Questions = [question],
            Opt = new OptRecord(1232, 0, 0, EdnsWire.DnssecOkFlag, [new EdnsOption(EdnsOptionCode.Cookie, new byte[8])]),
        });
        yield return ("response, all types", AllTypesResponse());
        yield return ("NXDOMAIN with SOA", new DnsMessage
        {
            Id = 9,
            Flags = (ushort)(DnsHeader.QRFlag | DnsHeader.AAFlag | (int)ResponseCode.NXDomain),
            Questions = [question],
            Authority = [ZoneText.ParseRecord("example. 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300")],
            Opt = new OptRecord(1232, 0, 0, 0),
        });
    }

    public static DnsMessage AllTypesResponse()
    {
        var answers = RDataRoundTripTests.Cases
            .Select(row => (string)row[0] + " " + (string)row[1])
            .Select((text, i) => ZoneText.ParseRecord($"r{i}.example. 3600 IN {text}"))
            .ToList();
        return new DnsMessage
        {
            Id = 0xBEEF,
            Flags = (ushort)(DnsHeader.QRFlag | DnsHeader.AAFlag | DnsHeader.RDFlag),
            Questions = [new DnsQuestion(DnsName.Parse("example."), RecordType.ANY)],
            Answers = answers,
            Authority = [ZoneText.ParseRecord("example. 3600 IN NS ns1.example.")],
            Additional = [ZoneText.ParseRecord("ns1.example. 3600 IN A 192.0.2.1")],
            Opt = new OptRecord(4096, 0, 0, 0),
        };
    }

    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Trim());
}
