using System.Text.Json;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Differential;

/// <summary>Every case sent once to our server, NSD and Knot by Scripts/differential.py; the answers by case id.</summary>
internal sealed class DifferentialRun
{
    private readonly Dictionary<string, Dictionary<string, ServerAnswer>> _answers;

    private DifferentialRun(Dictionary<string, Dictionary<string, ServerAnswer>> answers, TimeSpan elapsed)
    {
        _answers = answers;
        Elapsed = elapsed;
    }

    public TimeSpan Elapsed { get; }

    public ServerAnswer Answer(string caseId, string server) => _answers[caseId][server];

    public static DifferentialRun Execute(LoopbackServers servers)
    {
        string python = Peers.RequirePython();
        using var directory = new TempDirectory("differential");
        var request = new
        {
            servers = servers.All.ToDictionary(s => s.Name, s => new object[] { s.Endpoint.Address.ToString(), s.Endpoint.Port }),
            cases = DifferentialCases.All.Select(c => new
            {
                id = c.Id,
                qname = c.QName,
                qtype = c.QType,
                transport = c.Transport.Tcp ? "tcp" : "udp",
                edns = c.Transport.EdnsPayload,
            }),
        };
        var requestFile = directory.Combine("request.json");
        File.WriteAllText(requestFile, JsonSerializer.Serialize(request));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = PeerProgram.Run(python, [RepositoryPaths.TestFile("Scripts", "differential.py"), requestFile], timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"differential.py failed: {result}");
        }

        // Kept next to the tests for a look after a run; docs/conformance.md was written from it.
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "differential-answers.json"), result.StandardOutput);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var answers = json.RootElement.EnumerateObject().ToDictionary(
            byCase => byCase.Name,
            byCase => byCase.Value.EnumerateObject().ToDictionary(byServer => byServer.Name, byServer => ServerAnswer.FromJson(byServer.Value)));
        return new DifferentialRun(answers, started.Elapsed);
    }
}
