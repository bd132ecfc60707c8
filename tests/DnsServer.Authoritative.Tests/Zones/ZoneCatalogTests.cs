using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Tests.Zones;

public sealed class ZoneCatalogTests
{
    private static Zone Zone(string origin) =>
        AuthoritativeHarness.Build(origin, "@ 3600 SOA ns admin 1 3600 600 86400 300\n@ 3600 NS ns\nns 3600 A 192.0.2.1\n");

    private static ZoneCatalog Catalog(params string[] origins) => new(origins.Select(Zone));

    private static string? Find(ZoneCatalog catalog, string name) =>
        catalog.FindZone(DnsName.Parse(name).ToLowerWire())?.Origin.ToString();

    [Theory]
    [InlineData("www.example.test.", "example.test.")]
    [InlineData("example.test.", "example.test.")]
    [InlineData("WWW.Example.TEST.", null)]
    [InlineData("a.b.sub.example.test.", "sub.example.test.")]
    [InlineData("sub.example.test.", "sub.example.test.")]
    [InlineData("xsub.example.test.", "example.test.")]
    [InlineData("other.test.", null)]
    [InlineData("test.", null)]
    [InlineData("example.test.x.", null)]
    [InlineData("host.other.", "other.")]
    public void FindZone_NestedOrigins_ReturnsTheLongestMatch(string name, string? expected)
    {
        var catalog = Catalog("example.test.", "sub.example.test.", "other.");

        // The catalog takes lowered names: an upper-case name is the caller's mistake and finds nothing.
        string? found = name.Any(char.IsUpper)
            ? catalog.FindZone(DnsName.Parse(name).Wire)?.Origin.ToString()
            : Find(catalog, name);

        Assert.Equal(expected, found);
    }

    [Fact]
    public void FindZone_RootZoneServed_CatchesEveryName()
    {
        var catalog = Catalog(".", "example.test.");

        Assert.Equal("example.test.", Find(catalog, "www.example.test."));
        Assert.Equal(".", Find(catalog, "anything.else."));
        Assert.Equal(".", Find(catalog, "."));
    }

    [Fact]
    public void FindZone_ManyZonesOfOneLength_FindsEach()
    {
        var origins = Enumerable.Range(0, 500).Select(i => $"z{i:D4}.test.").ToArray();
        var catalog = Catalog(origins);

        Assert.Equal(500, catalog.Count);
        Assert.All(origins, origin => Assert.Equal(origin, Find(catalog, "www." + origin)));
        Assert.Null(Find(catalog, "www.z9999.test."));
    }

    [Fact]
    public void FindZone_EmptyCatalog_ReturnsNull()
    {
        Assert.Null(Find(ZoneCatalog.Empty, "www.example.test."));
    }

    [Fact]
    public void Constructor_SameOriginTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => Catalog("example.test.", "Example.Test."));
    }
}
