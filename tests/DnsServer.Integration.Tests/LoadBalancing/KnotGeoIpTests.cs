using System.Globalization;
using System.Net;
using System.Text.Json;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// Knot DNS's geoip module in subnet mode and our Geo pool, given the same region map, answer the
/// same client subnets (by EDNS Client Subnet) with the same address, TTL and ECS scope.
/// </summary>
public sealed class KnotGeoIpTests
{
    private const string OurConfig = """
        {
          "LoadBalancing": {
            "Regions": { "eu": ["10.1.0.0/16", "2001:db8:1::/48"], "us": ["10.2.0.0/16"] },
            "Pools": {
              "geo": {
                "Mode": "Geo", "Ttl": 5,
                "Members": [
                  { "Address": "127.0.0.21", "Region": "eu" },
                  { "Address": "127.0.0.22", "Region": "us" }
                ]
              }
            },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "geo" } ]
          }
        }
        """;

    private const string KnotGeoConfig = """
        www.lab.test:
          - net: 10.1.0.0/16
            A: 127.0.0.21
          - net: 2001:db8:1::/48
            A: 127.0.0.21
          - net: 10.2.0.0/16
            A: 127.0.0.22
        """;

    /// <summary>Inside a region (source prefixes longer and shorter than the region's), and outside every region.</summary>
    private static readonly string[] InRegion = ["10.1.2.0/24", "10.1.0.0/16", "10.2.3.0/24", "10.2.200.0/24", "2001:db8:1::/56", "2001:db8:1:ff00::/56"];

    private static readonly string[] OutsideRegions = ["10.3.0.0/24", "10.0.0.0/8", "192.0.2.0/24", "2001:db8:2::/56"];

    [Fact]
    public async Task GeoPool_SameSubnetsAsKnotGeoIp_SameAnswersAndScope()
    {
        string python = Peers.RequirePython();
        using var work = new TempDirectory("geoip");
        string zones = LabZone.WriteTo(work);
        using var knot = await StartKnotAsync(work, zones);
        using var ours = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, ConfigJson = OurConfig });

        var knotAnswers = Ask(python, knot, [.. InRegion, .. OutsideRegions]);
        var ourAnswers = Ask(python, ours.Endpoint, [.. InRegion, .. OutsideRegions]);

        foreach (var subnet in InRegion)
        {
            var expected = knotAnswers.GetProperty(subnet);
            var actual = ourAnswers.GetProperty(subnet);
            Assert.True(expected.GetProperty("answer").GetArrayLength() == 1, $"Knot for {subnet}: {expected}");
            Assert.Equal(expected.GetProperty("answer").ToString(), actual.GetProperty("answer").ToString());
            Assert.Equal(expected.GetProperty("ttl").GetInt32(), actual.GetProperty("ttl").GetInt32());
            Assert.Equal(expected.GetProperty("ecs").ToString(), actual.GetProperty("ecs").ToString());
        }

        // Outside every region Knot answers the zone's own record with scope 0, which lets a
        // resolver give that answer to clients of every region; ours holds for the client's own
        // subnet only (scope = source prefix, cut to 24 or 56), so a resolver asks again for others.
        foreach (var subnet in OutsideRegions)
        {
            var knotEcs = knotAnswers.GetProperty(subnet).GetProperty("ecs");
            var ourEcs = ourAnswers.GetProperty(subnet).GetProperty("ecs");
            Assert.Equal(0, knotEcs.GetProperty("scope").GetInt32());
            Assert.Equal(knotEcs.GetProperty("address").GetString(), ourEcs.GetProperty("address").GetString());
            Assert.Equal(ourEcs.GetProperty("source").GetInt32(), ourEcs.GetProperty("scope").GetInt32());
        }
    }

    private static JsonElement Ask(string python, IPEndPoint server, string[] subnets)
    {
        var result = PeerProgram.Run(
            python,
            [RepositoryPaths.TestFile("Scripts", "ecs_answers.py"), server.Address.ToString(), server.Port.ToString(CultureInfo.InvariantCulture), "www.lab.test.", "A", .. subnets],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    private static async Task<KnotWithGeoIp> StartKnotAsync(TempDirectory work, string zones)
    {
        string knotd = Peers.Require("knotd");
        var search = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 };
        Assert.True(
            Directory.EnumerateFiles("/usr/lib", "geoip.so", search).Any(path => path.Contains("/knot/", StringComparison.Ordinal)),
            "peer Knot geoip module not installed (Debian knot-module-geoip); run ./test.sh as root to install it");
        string folder = work.CreateDirectory("knot");
        File.WriteAllText(Path.Combine(folder, "geo.conf"), KnotGeoConfig + "\n");
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        File.WriteAllText(Path.Combine(folder, "knot.conf"), $"""
            server:
              rundir: "{folder}"
              pidfile: "{Path.Combine(folder, "knot.pid")}"
              listen: {endpoint.Address}@{endpoint.Port}
              edns-client-subnet: on
              background-workers: 1
            control:
              listen: "{Path.Combine(folder, "knot.sock")}"
            database:
              storage: "{Path.Combine(folder, "db")}"
            log:
              - target: stderr
                any: info
            mod-geoip:
              - id: geo
                config-file: "{Path.Combine(folder, "geo.conf")}"
                ttl: 5
                mode: subnet
            template:
              - id: default
                zonefile-sync: -1
                zonefile-load: whole
                journal-content: none
            zone:
              - domain: "{LabZone.Origin}"
                file: "{Path.Combine(zones, "lab.test.zone")}"
                module: mod-geoip/geo

            """);
        var process = ChildProcess.Start(knotd, ["-c", Path.Combine(folder, "knot.conf")], folder);
        var knot = new KnotWithGeoIp(process, endpoint);
        try
        {
            await process.WaitForZonesAsync(endpoint, [LabZone.Origin], "Knot", TimeSpan.FromSeconds(20));
        }
        catch
        {
            knot.Dispose();
            throw;
        }

        return knot;
    }

    private sealed class KnotWithGeoIp(ChildProcess process, IPEndPoint endpoint) : IDisposable
    {
        public IPEndPoint Endpoint { get; } = endpoint;

        public void Dispose() => process.Terminate();

        public static implicit operator IPEndPoint(KnotWithGeoIp knot) => knot.Endpoint;
    }
}
