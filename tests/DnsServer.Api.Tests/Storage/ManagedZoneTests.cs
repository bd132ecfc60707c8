using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Protocol.ZoneFiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsServer.Api.Tests.Storage;

/// <summary>Managed zones and file zones in one <see cref="ZoneService"/> catalog.</summary>
public sealed class ManagedZoneTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnsserver-zones-").FullName;

    [Fact]
    public void SetManaged_SameNameAsFileZone_HidesItUntilRemoved()
    {
        File.WriteAllText(Path.Combine(_directory, "lab.test.zone"), Zone("lab.test.", 1, "192.0.2.1"));
        var zones = new ZoneService(new ZoneSourceOptions { Directory = _directory }, NullLogger<ZoneService>.Instance);
        zones.Load();
        var origin = DnsName.Parse("lab.test.");

        zones.SetManaged(origin, Records("lab.test.", 2, "192.0.2.2"), "database");
        Assert.Equal(2u, zones.Find(origin)!.Serial);
        Assert.True(zones.IsManaged(origin));

        zones.Load();
        Assert.Equal(2u, zones.Find(origin)!.Serial);

        Assert.True(zones.RemoveManaged(origin));
        Assert.Equal(1u, zones.Find(origin)!.Serial);
        Assert.False(zones.RemoveManaged(origin));
    }

    [Fact]
    public void GetRecords_ManagedZone_ListsSoaFirst()
    {
        var zones = new ZoneService(new ZoneSourceOptions(), NullLogger<ZoneService>.Instance);
        var origin = DnsName.Parse("lab.test.");
        zones.SetManaged(origin, Records("lab.test.", 7, "192.0.2.7"), "database");

        var records = zones.GetRecords(origin)!;

        Assert.Equal(RecordType.SOA, records[0].Type);
        Assert.Contains(records, r => r.Type == RecordType.A && r.Data.ToString() == "192.0.2.7");
        Assert.Null(zones.GetRecords(DnsName.Parse("www.lab.test.")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Zone(string origin, uint serial, string address) => $"""
        $ORIGIN {origin}
        @ 3600 IN SOA localhost. hostmaster.{origin} {serial} 7200 1800 1209600 300
        @ 3600 IN NS localhost.
        www 60 IN A {address}
        """;

    private static List<Protocol.Records.ResourceRecord> Records(string origin, uint serial, string address) =>
        new ZoneFileReader(new ZoneReaderOptions { Origin = DnsName.Parse(origin) })
            .Read(new StringReader(Zone(origin, serial, address))).Select(r => r.Record).ToList();
}
