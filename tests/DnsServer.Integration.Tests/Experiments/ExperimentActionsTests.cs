using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Integration.Tests.LoadBalancing;

namespace DnsServer.Integration.Tests.Experiments;

/// <summary>
/// The timeline actions that steer a running server: a fault through its control socket, a
/// weight through its HTTP API (with the key from its data folder); the answers the simulated
/// clients used follow each.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed partial class ExperimentActionsTests
{
    private const string Config = """
        {
          "LoadBalancing": {
            "Pools": { "web": { "Mode": "Weighted", "Ttl": 1, "Members": [ { "Address": "127.0.0.21" }, { "Address": "127.0.0.22" } ] } },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ]
          }
        }
        """;

    [Fact]
    public async Task FaultThenSetWeight_ThroughControlSocketAndApi_ClientsFollow()
    {
        using var work = new TempDirectory("experiment-actions");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = Config });
        Assert.True(await server.WaitForOutputAsync("HTTP API listening on", TimeSpan.FromSeconds(10)), server.Output);
        string api = ApiUrl().Match(server.Output).Groups[1].Value;
        string file = work.Combine("experiment.json");
        File.WriteAllText(file, $$"""
            {
              "Server": "{{server.Endpoint}}",
              "Name": "www.lab.test.",
              "Clients": { "Count": 40, "Rate": 10 },
              "Duration": "00:00:08",
              "Api": "{{api}}",
              "Timeline": [
                { "At": "00:00:01", "Action": "Fault", "Member": "web/127.0.0.22", "State": "Down", "For": "00:00:02" },
                { "At": "00:00:05", "Action": "SetWeight", "Member": "web/127.0.0.21", "Weight": 0 }
              ]
            }
            """);
        string folder = work.Combine("out");

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(["experiment", file, "--out", folder, "--data", server.DataDirectory], TimeSpan.FromSeconds(40));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}\n{server.Output}");
        var uses = File.ReadLines(Path.Combine(folder, "answers.csv")).Skip(1).Select(line => line.Split(','))
            .Select(f => (TimeMs: long.Parse(f[0], CultureInfo.InvariantCulture), Address: f[2])).ToList();
        // TTL 1 s: within two seconds of each action every client has asked again.
        Assert.DoesNotContain(uses, u => u.TimeMs is > 2200 and < 3000 && u.Address == "127.0.0.22");
        Assert.DoesNotContain(uses, u => u.TimeMs > 7000 && u.Address == "127.0.0.21");
        Assert.Contains(uses, u => u.TimeMs > 7000 && u.Address == "127.0.0.22");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("actions").GetArrayLength());
        var (_, events, _) = await ServerProcess.RunToExitAsync(["events", "--data", server.DataDirectory]);
        Assert.Contains("FaultStarted", events, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"HTTP API listening on (http://\S+)")]
    private static partial Regex ApiUrl();
}
