using System.CommandLine;
using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Commands;

/// <summary>
/// <c>dnsserver check-zone FILE [--origin NAME]</c>: reads and checks a zone file as the server
/// would load it. Exit 0 with a one-line summary when it is good; exit 1 with every error, each
/// with its file and line, when it is not. Outside tools rely on this behaviour.
/// </summary>
internal static class CheckZoneCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "the zone file to check" };
        var origin = new Option<string>("--origin") { Description = "the zone's name (default: from the file name, root.zone → .)" };
        var command = new Command("check-zone", "Check a zone file for syntax and consistency errors") { file, origin };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(origin)));
        return command;
    }

    private static int Run(string path, string? originText)
    {
        DnsName origin;
        try
        {
            origin = originText is null ? ZoneFileSet.OriginFromFileName(path) : DnsName.Parse(originText.EndsWith('.') ? originText : originText + ".");
        }
        catch (DnsFormatException exception)
        {
            Console.Error.WriteLine($"dnsserver: bad origin: {exception.Message}");
            return 2;
        }

        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}: file not found");
            return 1;
        }

        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = origin, ContinueOnError = true });
        List<ZoneFileRecord> records;
        try
        {
            records = [.. reader.ReadFile(path)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path}: {exception.Message}");
            return 1;
        }

        var check = ZoneChecker.Check(records, origin);
        foreach (var warning in reader.Warnings)
        {
            Console.Error.WriteLine($"{warning} (warning)");
        }

        foreach (var error in reader.Errors)
        {
            Console.Error.WriteLine(error);
        }

        foreach (var finding in check.Findings)
        {
            Console.Error.WriteLine(finding);
        }

        if (reader.Errors.Count > 0 || check.HasErrors)
        {
            int count = reader.Errors.Count + check.Findings.Count(f => f.Severity == ZoneCheckSeverity.Error);
            Console.Error.WriteLine($"zone {origin}: not loaded, {count} error(s)");
            return 1;
        }

        var summary = check.Summary;
        Console.WriteLine($"zone {origin}: OK, serial {summary.Serial}, {summary.Records} records, {summary.Names} names");
        return 0;
    }
}
