using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// Writes records as zone-file text that <see cref="ZoneFileReader"/> reads back to the same
/// records: one record a line, owner names absolute, the class and TTL on every line.
/// </summary>
public static class ZoneFileWriter
{
    public static void Write(DnsName origin, IEnumerable<ResourceRecord> records, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("$ORIGIN ");
        writer.WriteLine(origin.ToString());
        foreach (var record in records)
        {
            writer.WriteLine(record.ToString());
        }
    }

    public static string Write(DnsName origin, IEnumerable<ResourceRecord> records)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(origin, records, writer);
        return writer.ToString();
    }
}
