using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

/// <summary>Reads zone text written inline in a test.</summary>
internal static class ZoneFileText
{
    public static readonly DnsName Origin = DnsName.Parse("example.com.");

    public static List<ZoneFileRecord> Read(string text, ZoneReaderOptions? options = null) =>
        Read(new StringReader(text), options).ToList();

    public static IEnumerable<ZoneFileRecord> Read(TextReader text, ZoneReaderOptions? options = null) =>
        new ZoneFileReader(options ?? new ZoneReaderOptions { Origin = Origin, FileName = "test.zone" }).Read(text);

    /// <summary>Reads with errors collected; returns the records and the errors.</summary>
    public static (List<ZoneFileRecord> Records, IReadOnlyList<ZoneFileError> Errors, IReadOnlyList<ZoneFileError> Warnings) ReadAll(string text)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = Origin, FileName = "test.zone", ContinueOnError = true });
        var records = reader.Read(new StringReader(text)).ToList();
        return (records, reader.Errors, reader.Warnings);
    }

    /// <summary>The records as <c>owner ttl class type rdata</c> lines, tab-free, for compact assertions.</summary>
    public static string[] Lines(IEnumerable<ZoneFileRecord> records) =>
        records.Select(r => r.Record.ToString().Replace('\t', ' ')).ToArray();
}
