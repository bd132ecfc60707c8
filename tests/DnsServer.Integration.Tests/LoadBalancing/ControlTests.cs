using System.Diagnostics;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// The configuration file's reloads, fault injection and the watching commands (<c>pools</c>,
/// <c>events</c>, <c>explain</c>) against a running server.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ControlTests
{
    private static string Config(string members, string extraPool = "") => $$"""
        {
          "LoadBalancing": {
            "Regions": { "eu": ["10.1.0.0/16"], "us": ["10.2.0.0/16"] },
            "Pools": {
              "web": { "Mode": "RoundRobin", "Ttl": 5, "Members": [ {{members}} ] }{{extraPool}}
            },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ]
          }
        }
        """;

    [Fact]
    public async Task Start_BadConfiguration_ExitsNamingTheKeys()
    {
        using var work = new TempDirectory("lb-bad");
        string zones = LabZone.WriteTo(work);
        string config = work.Combine("bad.json");
        File.WriteAllText(config, """
            { "LoadBalancing": {
                "Pools": { "web": { "Members": [ { "Address": "127.0.0.21", "Weight": -1 } ] } },
                "Records": [ { "Name": "www.lab.test.", "Pool": "wbe" }, { "Name": "www.elsewhere.test.", "Pool": "web" } ] } }
            """);

        var (exitCode, _, error) = await ServerProcess.RunToExitAsync(["serve", "--listen", "127.0.0.1:0", "--zones", zones, "--config", config, "--data", work.Combine("data")]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("LoadBalancing:Pools:web:Members:0:Weight", error, StringComparison.Ordinal);
        Assert.Contains("LoadBalancing:Records:0:Pool", error, StringComparison.Ordinal);
        Assert.Contains("LoadBalancing:Records:1:Name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_EditedThenBroken_GoodEditAppliesBadEditKeepsRunningConfig()
    {
        using var work = new TempDirectory("lb-reload");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            Zones = LabZone.WriteTo(work),
            ConfigJson = Config("""{ "Address": "127.0.0.21" }"""),
        });
        Assert.Equal(["127.0.0.21"], (await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.")).Addresses);

        await File.WriteAllTextAsync(server.ConfigPath, Config("""{ "Address": "127.0.0.22" }"""));
        var moved = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.SequenceEqual(["127.0.0.22"]), TimeSpan.FromSeconds(10));
        Assert.True(moved is not null, "the edited configuration was not applied\n" + server.Output);

        await File.WriteAllTextAsync(server.ConfigPath, Config("""{ "Address": "127.0.0.23", "Weight": -5 }"""));
        var events = await WaitForAsync(server, ["events"], "ConfigurationRejected", TimeSpan.FromSeconds(10));
        Assert.Contains("LoadBalancing:Pools:web:Members:0:Weight", events, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.22"], (await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.")).Addresses);
    }

    [Fact]
    public async Task FaultDown_ForAWhile_MemberLeavesAndReturnsWithEvents()
    {
        using var work = new TempDirectory("lb-fault");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            Zones = LabZone.WriteTo(work),
            ConfigJson = Config("""{ "Address": "127.0.0.21" }, { "Address": "127.0.0.22" }"""),
        });

        var clock = Stopwatch.StartNew();
        var (exitCode, output, error) = await Cli(server, "fault", "down", "web/127.0.0.21", "--for", "2s");
        Assert.True(exitCode == 0, output + error);
        Assert.Equal(["127.0.0.22"], (await PoolProbe.AskAsync(server.Endpoint, "www.lab.test.")).Addresses);

        var back = await PoolProbe.TimeUntilAsync(server.Endpoint, "www.lab.test.", a => a.Count == 2, TimeSpan.FromSeconds(6));
        Assert.True(back is not null, "the fault did not expire");
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 6);

        var (_, events, _) = await Cli(server, "events");
        Assert.Contains("FaultStarted", events, StringComparison.Ordinal);
        Assert.Contains("FaultEnded", events, StringComparison.Ordinal);
        Assert.Contains("web/127.0.0.21", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainAndPools_RunningServer_ShowRegionCandidatesAndShares()
    {
        using var work = new TempDirectory("lb-explain");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions
        {
            Zones = LabZone.WriteTo(work),
            ConfigJson = Config("""{ "Address": "127.0.0.21", "Region": "eu" }, { "Address": "127.0.0.22", "Region": "us" }""").Replace("\"RoundRobin\"", "\"Geo\"", StringComparison.Ordinal),
        });
        await PoolProbe.FirstPlacesAsync(server.Endpoint, "www.lab.test.", 50);

        var (exitCode, explain, error) = await Cli(server, "explain", "www.lab.test.", "A", "--client", "192.0.2.1", "--ecs", "10.2.3.0/24");
        Assert.True(exitCode == 0, explain + error);
        Assert.Contains("us", explain, StringComparison.Ordinal);
        Assert.Contains("127.0.0.22", explain, StringComparison.Ordinal);

        var (poolsExit, pools, poolsError) = await Cli(server, "pools");
        Assert.True(poolsExit == 0, pools + poolsError);
        Assert.Contains("web/127.0.0.21", pools, StringComparison.Ordinal);
        Assert.Contains("web/127.0.0.22", pools, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string StandardOutput, string StandardError)> Cli(ServerProcess server, params string[] arguments) =>
        ServerProcess.RunToExitAsync([.. arguments, "--data", server.DataDirectory]);

    private static async Task<string> WaitForAsync(ServerProcess server, string[] command, string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        string output = "";
        while (clock.Elapsed < limit)
        {
            (_, output, _) = await Cli(server, command);
            if (output.Contains(text, StringComparison.Ordinal))
            {
                return output;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"'{text}' did not appear in `dnsserver {string.Join(' ', command)}`:\n{output}\n{server.Output}");
    }
}
