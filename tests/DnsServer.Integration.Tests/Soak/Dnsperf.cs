using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Soak;

/// <summary>One dnsperf run: where, over what, how fast and for how long.</summary>
internal sealed record DnsperfRequest(IPEndPoint Server, string QueryFile)
{
    /// <summary><c>udp</c> or <c>tcp</c> (<c>-m</c>).</summary>
    public string Mode { get; init; } = "udp";

    /// <summary>Clients, each with its own socket or connection (<c>-c</c>).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>The rate cap (<c>-Q</c>); every run here is bounded.</summary>
    public required int MaxQueriesPerSecond { get; init; }

    /// <summary>The time limit (<c>-l</c>), or null to stop after <see cref="Runs"/> only.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Passes through the query file (<c>-n</c>), or null for no limit but the duration.</summary>
    public int? Runs { get; init; }

    public IEnumerable<string> Arguments()
    {
        var invariant = CultureInfo.InvariantCulture;
        yield return "-s";
        yield return Server.Address.ToString();
        yield return "-p";
        yield return Server.Port.ToString(invariant);
        yield return "-d";
        yield return QueryFile;
        yield return "-m";
        yield return Mode;
        yield return "-c";
        yield return Clients.ToString(invariant);
        yield return "-Q";
        yield return MaxQueriesPerSecond.ToString(invariant);

        // A query unanswered for 2 s is lost; loopback answers in well under a millisecond.
        yield return "-t";
        yield return "2";
        if (Duration is { } duration)
        {
            yield return "-l";
            yield return ((int)Math.Ceiling(duration.TotalSeconds)).ToString(invariant);
        }

        if (Runs is { } runs)
        {
            yield return "-n";
            yield return runs.ToString(invariant);
        }
    }
}

/// <summary>The counters of dnsperf's report.</summary>
internal sealed partial record DnsperfResult(long Sent, long Completed, long Lost, string Output)
{
    public static DnsperfResult Parse(string output)
    {
        long Count(Regex pattern)
        {
            var match = pattern.Match(output);
            if (!match.Success)
            {
                throw new FormatException($"dnsperf report without '{pattern}':\n{output}");
            }

            return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new DnsperfResult(Count(SentPattern()), Count(CompletedPattern()), Count(LostPattern()), output);
    }

    public override string ToString() => $"sent {Sent}, completed {Completed}, lost {Lost}";

    [GeneratedRegex(@"Queries sent:\s+(\d+)")]
    private static partial Regex SentPattern();

    [GeneratedRegex(@"Queries completed:\s+(\d+)")]
    private static partial Regex CompletedPattern();

    [GeneratedRegex(@"Queries lost:\s+(\d+)")]
    private static partial Regex LostPattern();
}

/// <summary>dnsperf as a child process: started, awaited with a deadline, killed by pid on dispose.</summary>
internal sealed class Dnsperf : IDisposable
{
    private readonly ChildProcess _process;

    private Dnsperf(ChildProcess process)
    {
        _process = process;
    }

    public static Dnsperf Start(string program, DnsperfRequest request, string workingDirectory) =>
        new(ChildProcess.Start(program, request.Arguments(), workingDirectory));

    /// <summary>Waits for the report; throws when dnsperf fails or is still running at <paramref name="timeout"/>.</summary>
    public async Task<DnsperfResult> WaitAsync(TimeSpan timeout)
    {
        if (!await _process.WaitForExitAsync(timeout))
        {
            throw new TimeoutException($"dnsperf still running after {timeout}:\n{_process}");
        }

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dnsperf exited with {_process.ExitCode}:\n{_process}");
        }

        return DnsperfResult.Parse(_process.Output);
    }

    public void Dispose() => _process.Dispose();
}
