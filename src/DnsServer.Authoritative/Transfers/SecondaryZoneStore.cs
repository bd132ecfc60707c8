using System.Text;
using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Authoritative.Transfers;

/// <summary>Keeps the copy of a secondary zone on disk, so a restart serves it at once.</summary>
internal interface ISecondaryZoneStore
{
    /// <summary>The records of the kept copy, or null when there is none (or it does not read).</summary>
    IReadOnlyList<ResourceRecord>? Load(DnsName zone, out string path, out DateTimeOffset savedAt);

    void Save(Zone zone);
}

/// <summary>The copy as a zone file, <c>DATA/secondary/NAME.zone</c>, written whole and renamed into place.</summary>
internal sealed class SecondaryZoneStore(string directory) : ISecondaryZoneStore
{
    public string PathOf(DnsName zone) =>
        Path.Combine(directory, (zone.IsRoot ? "root" : zone.ToString().TrimEnd('.').ToLowerInvariant()) + ".zone");

    public IReadOnlyList<ResourceRecord>? Load(DnsName zone, out string path, out DateTimeOffset savedAt)
    {
        path = PathOf(zone);
        savedAt = default;
        if (!File.Exists(path))
        {
            return null;
        }

        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = zone, FileName = path, AllowInclude = false, ContinueOnError = true });
        var records = reader.ReadFile(path).Select(r => r.Record).ToList();
        savedAt = File.GetLastWriteTimeUtc(path);
        return reader.Errors.Count == 0 ? records : null;
    }

    public void Save(Zone zone)
    {
        Directory.CreateDirectory(directory);
        string path = PathOf(zone.Origin);
        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            writer.WriteLine($"; secondary copy of {zone.Origin} serial {zone.Serial}, from {zone.Source}");
            foreach (var record in TransferStage.Axfr(zone).Skip(1).SkipLast(1).Prepend(ZoneDiff.SoaRecord(zone)))
            {
                writer.WriteLine(record.ToString());
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
