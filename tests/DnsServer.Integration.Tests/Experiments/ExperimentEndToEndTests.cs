using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Integration.Tests.LoadBalancing;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Experiments;

/// <summary>
/// <c>dnsserver experiment</c> against our server: 200 clients with TTL caches, a pool with a
/// 2 s TTL and TCP checks (1 s, 0.5 s, fall 2), the backends run by the tool; one stops at 5 s.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class ExperimentEndToEndTests(ITestOutputHelper output)
{
    private const long StopAtMs = 5000;

    private static string Config(int port) => $$"""
        {
          "LoadBalancing": {
            "Pools": {
              "web": {
                "Mode": "Weighted", "Ttl": 2,
                "Members": [ { "Address": "127.0.0.21" }, { "Address": "127.0.0.22" } ],
                "HealthCheck": { "Kind": "Tcp", "Port": {{port.ToString(CultureInfo.InvariantCulture)}}, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Rise": 2, "Fall": 2 }
              }
            },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ]
          }
        }
        """;

    private static string Experiment(IPEndPoint server, int port, string configFile) => $$"""
        {
          "Server": "{{server}}",
          "Name": "www.lab.test.",
          "Type": "A",
          "Clients": { "Count": 200, "Rate": 10 },
          "Duration": "00:00:12",
          "Warmup": "00:00:02.500",
          "ConfigFile": {{JsonSerializer.Serialize(configFile)}},
          "Backends": [
            { "Address": "127.0.0.21:{{port}}", "Kind": "Tcp" },
            { "Address": "127.0.0.22:{{port}}", "Kind": "Tcp" }
          ],
          "Timeline": [ { "At": "00:00:05", "Action": "StopBackend", "Target": "127.0.0.22:{{port}}" } ]
        }
        """;

    [Fact]
    public async Task BackendStops_TwoHundredClients_FullConvergenceWithinBoundAndReportMatchesCsv()
    {
        using var work = new TempDirectory("experiment");
        int port = FreePort.Pick(IPAddress.Parse("127.0.0.21"));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = Config(port) });
        string file = work.Combine("experiment.json");
        File.WriteAllText(file, Experiment(server.Endpoint, port, server.ConfigPath));
        string folder = work.Combine("out");

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(["experiment", file, "--out", folder, "--data", server.DataDirectory], TimeSpan.FromSeconds(40));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        output.WriteLine(stdout);
        var uses = ReadAnswers(Path.Combine(folder, "answers.csv"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        var action = summary.RootElement.GetProperty("actions")[0];
        long atMs = action.GetProperty("atMs").GetInt64();
        Assert.InRange(atMs, StopAtMs, StopAtMs + 100);

        // Recomputed from the CSV alone: the clients on .22 at the stop, and when each left it for good.
        var (affected, moved) = LeaveTimes(uses, atMs, summary.RootElement.GetProperty("durationMs").GetInt64(), "127.0.0.22");
        Assert.InRange(affected, 60, 140);
        Assert.Equal(affected, action.GetProperty("affected").GetInt32());
        Assert.Equal(affected, moved.Count);
        string[] levels = ["p50Ms", "p90Ms", "p99Ms", "p100Ms"];
        double[] fractions = [0.5, 0.9, 0.99, 1.0];
        for (int i = 0; i < levels.Length; i++)
        {
            long expected = moved[(int)Math.Ceiling((fractions[i] * affected) - 1e-9) - 1];
            Assert.Equal(expected, action.GetProperty(levels[i]).GetInt64());
        }

        // (Fall − 1) × Interval × (1 − Jitter) ≤ full convergence ≤ Fall × Interval + Timeout + TTL
        // + Jitter × Interval + 1 s: the first failing check may come right at the stop.
        long full = moved[^1];
        Assert.True(full is >= 900 and <= 5600, $"100% convergence after {full} ms; bound 900–5600 ms\n{stdout}\n{server.Output}");
        var thresholds = summary.RootElement.GetProperty("thresholds");
        Assert.Equal(900, thresholds.GetProperty("lowerBoundMs").GetInt64());
        Assert.Equal(5600, thresholds.GetProperty("upperBoundMs").GetInt64());

        // The report embeds the same summary and shows the same numbers.
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        var embedded = Regex.Match(html, "<script type=\"application/json\" id=\"summary\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(embedded.Success);
        using var fromHtml = JsonDocument.Parse(embedded.Groups[1].Value.Replace("<\\/", "</", StringComparison.Ordinal));
        Assert.Equal(action.GetRawText(), fromHtml.RootElement.GetProperty("actions")[0].GetRawText());
        Assert.Contains($"<td>{(full / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)}</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        // Before the stop both members had clients; at the end none are on .22.
        var shares = File.ReadAllLines(Path.Combine(folder, "shares.csv"));
        int column = Array.IndexOf(shares[0].Split(','), "127.0.0.22");
        Assert.True(double.Parse(shares[45].Split(',')[column], CultureInfo.InvariantCulture) > 0.25, shares[45]);
        Assert.Equal(0, double.Parse(shares[^1].Split(',')[column], CultureInfo.InvariantCulture));
    }

    private static List<(long TimeMs, int Client, string Address)> ReadAnswers(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(line => line.Split(','))
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), f[2]))];

    private static (int Affected, List<long> Moved) LeaveTimes(List<(long TimeMs, int Client, string Address)> uses, long atMs, long endMs, string member)
    {
        var last = new Dictionary<int, string>();
        foreach (var use in uses.Where(u => u.TimeMs <= atMs))
        {
            last[use.Client] = use.Address;
        }

        var affected = last.Where(p => p.Value == member).Select(p => p.Key).ToHashSet();
        var moved = new List<long>();
        foreach (int client in affected)
        {
            var after = uses.Where(u => u.Client == client && u.TimeMs > atMs && u.TimeMs < endMs).ToList();
            int lastOnMember = after.FindLastIndex(u => u.Address == member);
            if (lastOnMember + 1 < after.Count)
            {
                moved.Add(after[lastOnMember + 1].TimeMs - atMs);
            }
        }

        moved.Sort();
        return (affected.Count, moved);
    }
}
