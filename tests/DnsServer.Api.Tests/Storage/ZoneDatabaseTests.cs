using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Api.Tests.Storage;

public sealed class ZoneDatabaseTests : IDisposable
{
    private const string LabZone = """
        $ORIGIN lab.test.
        @ 3600 IN SOA localhost. hostmaster.lab.test. 2026010100 7200 1800 1209600 300
        @ 3600 IN NS localhost.
        www 60 IN A 192.0.2.1
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dnsserver-storage-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Save_ThenReopen_ReturnsTheZone()
    {
        var origin = DnsName.Parse("lab.test.");
        using (var database = Open())
        {
            database.Save(origin, LabZone);
        }

        using var reopened = Open();
        var stored = Assert.Single(reopened.LoadAll());
        Assert.Equal(origin, stored.Origin);
        Assert.Equal(LabZone, stored.Text);
    }

    [Fact]
    public void Delete_StoredZone_RemovesItAndReportsTrueOnce()
    {
        var origin = DnsName.Parse("lab.test.");
        using var database = Open();
        database.Save(origin, LabZone);

        Assert.True(database.Delete(DnsName.Parse("LAB.test.")));
        Assert.False(database.Delete(origin));
        Assert.Empty(database.LoadAll());
    }

    [Fact]
    public void LoadInto_StoredZone_IsServedBesideFileZones()
    {
        using var database = Open();
        database.Save(DnsName.Parse("lab.test."), LabZone);
        var zones = new ZoneService(new ZoneSourceOptions(), NullLogger<ZoneService>.Instance);

        Assert.Equal(1, database.LoadInto(zones));

        var summary = Assert.Single(zones.Zones);
        Assert.Equal(ZoneDatabase.Source, summary.Source);
        Assert.Equal(2026010100u, summary.Serial);
        Assert.True(zones.IsManaged(summary.Origin));
        Assert.Equal(3, zones.GetRecords(summary.Origin)!.Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ZoneDatabase Open() => new(_directory, new FakeTimeProvider(), NullLogger<ZoneDatabase>.Instance);
}
