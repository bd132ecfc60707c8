using DnsServer.Authoritative.Transfers;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using LiteDB;

namespace DnsServer.Storage;

/// <summary>
/// The IXFR journal of the managed zones (collection <c>journal</c>): one document per version
/// step, its records as zone-file text, numbered per zone. The journal in memory decides how many
/// steps are kept; this mirrors it, so that IXFR reaches back as far after a restart.
/// </summary>
public sealed partial class ZoneDatabase : IJournalStore
{
    private const string JournalCollection = "journal";

    public void Append(DnsName zone, ZoneDelta delta, int keep)
    {
        string key = Key(zone);
        lock (_lock)
        {
            var journal = _database.GetCollection(JournalCollection);
            journal.EnsureIndex("zone");
            var steps = journal.Find(Query.EQ("zone", key)).Select(d => d["seq"].AsInt64).OrderBy(s => s).ToList();
            long seq = steps.Count == 0 ? 1 : steps[^1] + 1;
            if (keep > 0)
            {
                journal.Insert(ToDocument(zone, key, seq, delta));
                steps.Add(seq);
            }

            long oldestKept = keep == 0 ? long.MaxValue : steps.Count > keep ? steps[steps.Count - keep] : long.MinValue;
            journal.DeleteMany(Query.And(Query.EQ("zone", key), Query.LT("seq", oldestKept)));
            Durable();
        }
    }

    public IReadOnlyList<ZoneDelta> Load(DnsName zone)
    {
        lock (_lock)
        {
            return [.. _database.GetCollection(JournalCollection).Find(Query.EQ("zone", Key(zone)))
                .OrderBy(d => d["seq"].AsInt64)
                .Select(d => FromDocument(zone, d))];
        }
    }

    /// <summary>How many steps of the zone's journal are stored.</summary>
    public int JournalLength(DnsName zone)
    {
        lock (_lock)
        {
            return _database.GetCollection(JournalCollection).Count(Query.EQ("zone", Key(zone)));
        }
    }

    private static BsonDocument ToDocument(DnsName zone, string key, long seq, ZoneDelta delta) => new()
    {
        ["zone"] = key,
        ["seq"] = seq,
        ["from"] = (long)((SoaRData)delta.OldSoa.Data).Serial,
        ["to"] = (long)((SoaRData)delta.NewSoa.Data).Serial,
        ["oldSoa"] = ZoneFileWriter.Write(zone, [delta.OldSoa]),
        ["deleted"] = ZoneFileWriter.Write(zone, delta.Deleted),
        ["newSoa"] = ZoneFileWriter.Write(zone, [delta.NewSoa]),
        ["added"] = ZoneFileWriter.Write(zone, delta.Added),
    };

    private static ZoneDelta FromDocument(DnsName zone, BsonDocument document) => new(
        Read(zone, document["oldSoa"].AsString).Single(),
        Read(zone, document["deleted"].AsString),
        Read(zone, document["newSoa"].AsString).Single(),
        Read(zone, document["added"].AsString));

    private static List<ResourceRecord> Read(DnsName zone, string text)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = zone, AllowInclude = false, FileName = "journal" });
        return [.. reader.Read(new StringReader(text)).Select(r => r.Record)];
    }
}
