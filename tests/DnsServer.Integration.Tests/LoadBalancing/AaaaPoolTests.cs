using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// An AAAA pool whose members are checked at another address and port than the one answered
/// (<c>CheckAddress</c>, <c>CheckPort</c>), with the TTL following health (<c>TtlDegraded</c>).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class AaaaPoolTests
{
    private const ushort TypeAaaa = 28;

    [Fact]
    public async Task AaaaPool_CheckedElsewhere_MemberLeavesAndTtlDegrades()
    {
        using var work = new TempDirectory("lb-aaaa");
        int port = FreePort.Pick(IPAddress.Parse("127.0.0.21"));
        using var first = new Backend(new IPEndPoint(IPAddress.Parse("127.0.0.21"), port));
        using var second = new Backend(new IPEndPoint(IPAddress.Parse("127.0.0.22"), port));
        first.Start();
        second.Start();
        string p = port.ToString(CultureInfo.InvariantCulture);
        string config = $$"""
            {
              "LoadBalancing": {
                "Pools": {
                  "v6": {
                    "Mode": "RoundRobin", "Ttl": 30, "TtlDegraded": 3,
                    "Members": [
                      { "Address": "2001:db8::21", "CheckAddress": "127.0.0.21", "CheckPort": {{p}} },
                      { "Address": "2001:db8::22", "CheckAddress": "127.0.0.22", "CheckPort": {{p}} }
                    ],
                    "HealthCheck": { "Kind": "Tcp", "Port": 1, "Interval": "00:00:00.300", "Timeout": "00:00:00.200", "Rise": 1, "Fall": 1 }
                  }
                },
                "Records": [ { "Name": "www.lab.test.", "Type": "AAAA", "Pool": "v6" } ]
              }
            }
            """;
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = config });

        var both = await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.", TypeAaaa);
        Assert.Equal(["2001:db8::21", "2001:db8::22"], both.Addresses.Order(StringComparer.Ordinal));
        Assert.Equal(30u, both.Ttl);

        second.Stop();
        var gone = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.SequenceEqual(["2001:db8::21"]), TimeSpan.FromSeconds(4), TypeAaaa);
        Assert.True(gone is not null, "2001:db8::22 stayed in the answers after its check address stopped\n" + server.Output);
        Assert.Equal(3u, (await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.", TypeAaaa)).Ttl);
    }
}
