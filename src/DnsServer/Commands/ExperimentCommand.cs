using System.CommandLine;
using System.Globalization;
using DnsServer.Experiments;

namespace DnsServer.Commands;

/// <summary>
/// <c>dnsserver experiment FILE [--out DIR] [--data DIR]</c>: runs simulated clients against a
/// server while a timeline of failures and changes plays, and writes what they saw
/// (docs/experiments.md).
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "the experiment file (JSON, or YAML: .yaml/.yml or not starting with {)" };
        var output = new Option<string>("--out") { Description = "the folder for answers.csv, shares.csv, summary.json and report.html (default DATA/experiments/NAME-TIME, where the web console lists it)" };
        var data = new Option<string>("--data") { Description = "the server's data folder, where its control socket is (default ./data)" };
        var command = new Command("experiment", "Run an experiment: simulated clients with TTL caches, backends failing on a timeline, a report of how fast clients moved") { file, output, data };
        command.SetAction((result, token) => RunAsync(result.GetValue(file)!, result.GetValue(output) ?? DefaultOutput(result.GetValue(file)!, result.GetValue(data)), result.GetValue(data), token));
        return command;
    }

    private static async Task<int> RunAsync(string path, string output, string? data, CancellationToken cancellationToken)
    {
        try
        {
            var spec = ExperimentFile.Load(path);
            var runner = new ExperimentRunner(spec, TimeProvider.System, Console.Error, progressInPlace: !Console.IsErrorRedirected);
            var result = await runner.RunAsync(data, cancellationToken).ConfigureAwait(false);
            var summary = ReportWriter.Write(result, output);
            foreach (var action in summary.Actions)
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{action.Label} at {action.AtMs / 1000.0:0.000} s: {action.Affected} clients, 50% {Seconds(action.P50Ms)}, 90% {Seconds(action.P90Ms)}, 99% {Seconds(action.P99Ms)}, 100% {Seconds(action.P100Ms)}");
                await Console.Out.WriteLineAsync(action.Error is null ? line : $"{line} (failed: {action.Error})").ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync($"report: {Path.GetFullPath(Path.Combine(output, "report.html"))}").ConfigureAwait(false);
            return summary.Actions.Any(a => a.Error is not null) ? 1 : 0;
        }
        catch (Exception exception) when (exception is ExperimentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"dnsserver: {exception.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>A new folder under the data folder's experiments/, which the server's console lists (docs/console.md).</summary>
    private static string DefaultOutput(string file, string? data) =>
        Path.Combine(data ?? "data", "experiments", $"{Path.GetFileNameWithoutExtension(file)}-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}");

    private static string Seconds(long? ms) => ms is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value / 1000.0:0.000} s") : "never";
}
