using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// The example pool on real sockets: TCP backends on 127.0.0.21–23 answer the health
/// checks; stopping one takes it out of the answers within Interval × Fall + Timeout + 1 s, and
/// starting it again brings it back after Rise checks.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class HealthFailoverTests
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.21");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.22");
    private static readonly IPAddress Backup = IPAddress.Parse("127.0.0.23");

    /// <summary>Interval × Fall + Timeout + 1 s with the example's 1 s, 2 and 0.5 s.</summary>
    private static readonly TimeSpan DownBound = TimeSpan.FromSeconds(1 * 2 + 0.5 + 1);

    /// <summary>Interval × Rise + Timeout + 1 s.</summary>
    private static readonly TimeSpan UpBound = TimeSpan.FromSeconds(1 * 2 + 0.5 + 1);

    /// <summary>The example from docs/load-balancing.md, with the check port made free for the test.</summary>
    internal static string ExampleConfig(int port) => $$"""
        {
          "LoadBalancing": {
            "Regions": { "eu": ["10.1.0.0/16", "2001:db8:1::/48"], "us": ["10.2.0.0/16"] },
            "Pools": {
              "web": {
                "Mode": "Weighted",
                "Ttl": 5,
                "Count": 1,
                "Members": [
                  { "Address": "127.0.0.21", "Weight": 3, "Region": "eu", "Priority": 1 },
                  { "Address": "127.0.0.22", "Weight": 1, "Region": "us", "Priority": 1 },
                  { "Address": "127.0.0.23", "Weight": 1, "Region": "eu", "Priority": 2 }
                ],
                "HealthCheck": { "Kind": "Tcp", "Port": {{port.ToString(CultureInfo.InvariantCulture)}}, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Rise": 2, "Fall": 2 },
                "WhenAllDown": "AnswerAll"
              }
            },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ]
          }
        }
        """;

    [Fact]
    public async Task ExamplePool_BackendStopsAndStarts_AnswersFollowWithinBounds()
    {
        using var work = new TempDirectory("lb-health");
        int port = FreePort.Pick(First);
        using var first = new Backend(new IPEndPoint(First, port));
        using var second = new Backend(new IPEndPoint(Second, port));
        using var backup = new Backend(new IPEndPoint(Backup, port));
        first.Start();
        second.Start();
        backup.Start();
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = ExampleConfig(port) });

        // Both priority-1 members up: three in four answers are .21, one in four .22, none .23.
        var shares = await PoolProbe.FirstPlacesAsync(server.Endpoint, "www.lab.test.", 2000);
        Assert.InRange(shares.GetValueOrDefault("127.0.0.21") / 2000.0, 0.71, 0.79);
        Assert.InRange(shares.GetValueOrDefault("127.0.0.22") / 2000.0, 0.21, 0.29);
        Assert.False(shares.ContainsKey("127.0.0.23"), "the priority-2 member answered while priority 1 was up");

        second.Stop();
        var gone = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.SequenceEqual(["127.0.0.21"]), DownBound + TimeSpan.FromSeconds(2));
        Assert.True(gone is not null && gone <= DownBound, $"127.0.0.22 left the answers after {gone?.TotalSeconds:0.00} s; the bound is {DownBound.TotalSeconds} s\n{server.Output}");

        second.Start();
        var returned = await TimeUntilAnsweredAsync(server.Endpoint, "127.0.0.22", UpBound + TimeSpan.FromSeconds(2));
        Assert.True(returned is not null && returned <= UpBound, $"127.0.0.22 came back after {returned?.TotalSeconds:0.00} s; the bound is {UpBound.TotalSeconds} s");

        // Both priority-1 members down: the priority-2 member answers.
        first.Stop();
        second.Stop();
        var failover = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.SequenceEqual(["127.0.0.23"]), DownBound + TimeSpan.FromSeconds(2));
        Assert.True(failover is not null && failover <= DownBound, $"127.0.0.23 took over after {failover?.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task HttpBackend_FlapsFasterThanThresholds_AnswersDoNotFlap()
    {
        using var work = new TempDirectory("lb-flap");
        int port = FreePort.Pick(First);
        using var steady = new Backend(new IPEndPoint(First, port));
        using var flapping = new Backend(new IPEndPoint(Second, port)) { StatusFor = n => n % 2 == 0 ? 500 : 200 };
        steady.Start();
        flapping.Start();
        string config = $$"""
            {
              "LoadBalancing": {
                "Pools": {
                  "web": {
                    "Mode": "RoundRobin", "Ttl": 1,
                    "Members": [ { "Address": "127.0.0.21" }, { "Address": "127.0.0.22" } ],
                    "HealthCheck": { "Kind": "Http", "Port": {{port.ToString(CultureInfo.InvariantCulture)}}, "Path": "/health", "Interval": "00:00:00.250", "Timeout": "00:00:00.200", "Rise": 2, "Fall": 2 }
                  }
                },
                "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ]
              }
            }
            """;
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = config });

        // Every other check of .22 fails: never Fall failures in a row, so it never leaves.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        int queries = 0;
        while (DateTime.UtcNow < deadline)
        {
            var (_, addresses, _) = await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.");
            Assert.Equal(2, addresses.Count);
            queries++;
            await Task.Delay(20);
        }

        Assert.True(flapping.Requests >= 8, $"only {flapping.Requests} checks reached the flapping backend");
        Assert.True(queries > 20);

        // Failing for good: it leaves within Interval × Fall + Timeout + 1 s.
        flapping.StatusFor = _ => 503;
        var gone = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.SequenceEqual(["127.0.0.21"]), TimeSpan.FromSeconds(4));
        Assert.True(gone is not null && gone <= TimeSpan.FromSeconds(0.25 * 2 + 0.2 + 1), $"left after {gone?.TotalSeconds:0.00} s");
    }

    private static async Task<TimeSpan?> TimeUntilAnsweredAsync(IPEndPoint server, string address, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var shares = await PoolProbe.FirstPlacesAsync(server, "www.lab.test.", 20);
            if (shares.ContainsKey(address))
            {
                return clock.Elapsed;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
