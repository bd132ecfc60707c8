using DnsServer.Authoritative.Updates;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Authoritative.Tests.Updates;

/// <summary>RFC 2136 §3.2 and §3.4 on a small zone, records written as zone-file text.</summary>
public sealed class UpdateProcessorTests
{
    private static readonly DnsName Origin = DnsName.Parse("lab.test.");

    private const string ZoneText = """
        @ 300 IN SOA ns1 hostmaster 10 60 30 600 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.1
        www A 192.0.2.2
        alias CNAME www
        """;

    private static List<ResourceRecord> Records(string text) =>
        [.. new ZoneFileReader(new ZoneReaderOptions { Origin = Origin, AllowInclude = false }).Read(new StringReader(text)).Select(r => r.Record)];

    /// <summary>An update record: class IN adds, ANY deletes RRsets, NONE deletes one record; "-" for no RDATA.</summary>
    private static UpdateRecord U(string name, RecordType type, RecordClass @class, string data = "-", uint ttl = 0) =>
        new(DnsName.Parse(name, Origin), type, @class, ttl,
            data == "-" ? null : Records($"x 0 IN {RecordTypeText.ToText(type)} {data}")[0].Data);

    private static UpdateMessage Message(UpdateRecord[] prerequisites, params UpdateRecord[] updates) =>
        new(Origin, RecordType.SOA, RecordClass.IN, prerequisites, updates);

    private static ZoneEdit Apply(UpdateRecord[] prerequisites, params UpdateRecord[] updates) =>
        UpdateProcessor.Apply(Message(prerequisites, updates), Origin, Records(ZoneText));

    private static uint Serial(ZoneEdit edit) => ((SoaRData)edit.Records!.Single(r => r.Type == RecordType.SOA).Data).Serial;

    public static TheoryData<string, RecordType, RecordClass, string, ResponseCode> Prerequisites => new()
    {
        { "www", RecordType.ANY, RecordClass.ANY, "-", ResponseCode.NoError },
        { "nope", RecordType.ANY, RecordClass.ANY, "-", ResponseCode.NXDomain },
        { "www", RecordType.AAAA, RecordClass.ANY, "-", ResponseCode.NXRRSet },
        { "www", RecordType.ANY, RecordClass.NONE, "-", ResponseCode.YXDomain },
        { "www", RecordType.A, RecordClass.NONE, "-", ResponseCode.YXRRSet },
        { "www", RecordType.AAAA, RecordClass.NONE, "-", ResponseCode.NoError },
        { "www", RecordType.A, RecordClass.IN, "192.0.2.1", ResponseCode.NXRRSet },
        { "other.example.", RecordType.A, RecordClass.ANY, "-", ResponseCode.NotZone },
        { "www", RecordType.A, RecordClass.ANY, "192.0.2.1", ResponseCode.FormErr },
    };

    [Theory]
    [MemberData(nameof(Prerequisites))]
    public void Prerequisite_EachKind_RcodeOfRfc2136(string name, RecordType type, RecordClass @class, string data, ResponseCode expected)
    {
        var edit = Apply([U(name, type, @class, data)], U("new", RecordType.A, RecordClass.IN, "192.0.2.9", 60));

        Assert.Equal(expected, edit.Rcode);
        Assert.Equal(expected == ResponseCode.NoError, edit.Records is not null);
    }

    [Fact]
    public void Prerequisite_WholeRRsetValueDependent_Holds()
    {
        var edit = Apply([U("www", RecordType.A, RecordClass.IN, "192.0.2.2"), U("www", RecordType.A, RecordClass.IN, "192.0.2.1")], U("www", RecordType.A, RecordClass.NONE, "192.0.2.1"));

        Assert.Equal(ResponseCode.NoError, edit.Rcode);
        Assert.Single(edit.Records!, r => r.Name.Equals(DnsName.Parse("www.lab.test.")));
    }

    [Fact]
    public void Update_AddAndDelete_SerialBumpedOnce()
    {
        var edit = Apply([], U("new", RecordType.A, RecordClass.IN, "192.0.2.9", 60), U("www", RecordType.A, RecordClass.ANY), U("ns1", RecordType.A, RecordClass.NONE, "127.0.0.2"));

        Assert.Equal(11u, Serial(edit));
        Assert.Contains(edit.Records!, r => r.Name.Equals(DnsName.Parse("new.lab.test.")) && r.Ttl == 60);
        Assert.DoesNotContain(edit.Records!, r => r.Name.Equals(DnsName.Parse("www.lab.test.")));
    }

    [Fact]
    public void Update_NothingChanges_NoRecordsToWrite()
    {
        var edit = Apply([], U("www", RecordType.A, RecordClass.IN, "192.0.2.1", 300), U("nope", RecordType.ANY, RecordClass.ANY));

        Assert.Equal(ResponseCode.NoError, edit.Rcode);
        Assert.Null(edit.Records);
    }

    [Fact]
    public void Update_ApexSoaAndLastNs_NeverDeleted()
    {
        var edit = Apply([], U("lab.test.", RecordType.ANY, RecordClass.ANY), U("lab.test.", RecordType.NS, RecordClass.ANY), U("lab.test.", RecordType.SOA, RecordClass.ANY), U("lab.test.", RecordType.NS, RecordClass.NONE, "ns1.lab.test."));

        Assert.Null(edit.Records);
    }

    [Fact]
    public void Update_SoaWithNewerSerial_SetsItWithoutBump()
    {
        var newer = Apply([], U("lab.test.", RecordType.SOA, RecordClass.IN, "ns1 hostmaster 50 60 30 600 60", 300));
        var older = Apply([], U("lab.test.", RecordType.SOA, RecordClass.IN, "ns1 hostmaster 5 60 30 600 60", 300));

        Assert.Equal(50u, Serial(newer));
        Assert.Null(older.Records);
    }

    [Fact]
    public void Update_CnameBesideOtherData_Ignored()
    {
        var edit = Apply([], U("www", RecordType.CNAME, RecordClass.IN, "ns1", 60), U("alias", RecordType.A, RecordClass.IN, "192.0.2.7", 60));

        Assert.Null(edit.Records);
    }

    [Fact]
    public void Update_SecondRecordInvalid_WholeUpdateRefusedNothingApplied()
    {
        var edit = Apply([], U("new", RecordType.A, RecordClass.IN, "192.0.2.9", 60), U("www", RecordType.A, RecordClass.ANY, ttl: 60));
        var outside = Apply([], U("new", RecordType.A, RecordClass.IN, "192.0.2.9", 60), U("x.example.", RecordType.A, RecordClass.IN, "192.0.2.9", 60));

        Assert.Equal(ResponseCode.FormErr, edit.Rcode);
        Assert.Null(edit.Records);
        Assert.Equal(ResponseCode.NotZone, outside.Rcode);
        Assert.Null(outside.Records);
    }
}
