using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Protocol;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// Every <c>WhenAllDown</c> setting with every member down from the start (InitialState Down and
/// checks against a port nothing listens on).
/// </summary>
public sealed class AllDownTests
{
    private static string Config(int port) => $$"""
        {
          "LoadBalancing": {
            "Pools": {
              "all":    { "Mode": "RoundRobin", "Members": [ { "Address": "127.0.0.31" }, { "Address": "127.0.0.32" } ], "HealthCheck": {{Check(port)}}, "WhenAllDown": "AnswerAll" },
              "none":   { "Members": [ { "Address": "127.0.0.33" } ], "HealthCheck": {{Check(port)}}, "WhenAllDown": "AnswerNone" },
              "fail":   { "Members": [ { "Address": "127.0.0.34" } ], "HealthCheck": {{Check(port)}}, "WhenAllDown": "ServFail" },
              "backed": { "Members": [ { "Address": "127.0.0.35" } ], "HealthCheck": {{Check(port)}}, "WhenAllDown": "spare" },
              "spare":  { "Members": [ { "Address": "127.0.0.36" } ] }
            },
            "Records": [
              { "Name": "all.lab.test.", "Type": "A", "Pool": "all" },
              { "Name": "none.lab.test.", "Type": "A", "Pool": "none" },
              { "Name": "fail.lab.test.", "Type": "A", "Pool": "fail" },
              { "Name": "backed.lab.test.", "Type": "A", "Pool": "backed" }
            ]
          }
        }
        """;

    private static string Check(int port) =>
        $$"""{ "Kind": "Tcp", "Port": {{port.ToString(CultureInfo.InvariantCulture)}}, "Interval": "00:00:01", "Timeout": "00:00:00.500", "InitialState": "Down" }""";

    [Fact]
    public async Task EverySetting_AllMembersDown_AnswersAsConfigured()
    {
        using var work = new TempDirectory("lb-alldown");
        int closedPort = FreePort.Pick(IPAddress.Parse("127.0.0.31"));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = Config(closedPort) });

        var all = await PoolProbe.AskAsync(server.Endpoint, "all.lab.test.");
        Assert.Equal(ResponseCode.NoError, all.Rcode);
        Assert.Equal(["127.0.0.31", "127.0.0.32"], all.Addresses.Order(StringComparer.Ordinal));

        var none = await PoolProbe.AskAsync(server.Endpoint, "none.lab.test.");
        Assert.Equal(ResponseCode.NoError, none.Rcode);
        Assert.Empty(none.Addresses);

        var fail = await PoolProbe.AskAsync(server.Endpoint, "fail.lab.test.");
        Assert.Equal(ResponseCode.ServFail, fail.Rcode);

        var backed = await PoolProbe.AskAsync(server.Endpoint, "backed.lab.test.");
        Assert.Equal(ResponseCode.NoError, backed.Rcode);
        Assert.Equal(["127.0.0.36"], backed.Addresses);
    }
}
