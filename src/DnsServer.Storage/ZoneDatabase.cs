using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace DnsServer.Storage;

/// <summary>
/// The managed zones in LiteDB (<c>zones.db</c> in the data folder): one document per zone
/// holding its records as zone-file text, and a few settings documents (the load-balancing changes
/// made through the API). Every write is committed and then checkpointed into the
/// data file, which waits for LiteDB's writer queue and flushes the file to disk, so a change this
/// class has returned from survives the process being killed (<c>kill -9</c>). Writes are
/// serialized; the query path never reaches this class: it only feeds <see cref="ZoneService"/>.
/// </summary>
public sealed partial class ZoneDatabase : IDisposable
{
    public const string FileName = "zones.db";

    private const string Collection = "zones";

    private const string SettingsCollection = "settings";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _zones;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();

    public ZoneDatabase(string dataDirectory, TimeProvider time, ILogger<ZoneDatabase> logger)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        _time = time;
        _logger = logger;
        _database = new LiteDatabase(new ConnectionString { Filename = Path, Connection = ConnectionType.Direct });
        _zones = _database.GetCollection(Collection);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Every stored zone, by name.</summary>
    public IReadOnlyList<StoredZone> LoadAll()
    {
        lock (_lock)
        {
            return [.. _zones.FindAll().Select(ToStoredZone).OrderBy(z => z.Origin)];
        }
    }

    /// <summary>Stores (or replaces) a zone and returns once the change is on disk.</summary>
    public void Save(DnsName origin, string zoneText)
    {
        var document = new BsonDocument
        {
            ["_id"] = Key(origin),
            ["origin"] = origin.ToString(),
            ["text"] = zoneText,
            ["updated"] = _time.GetUtcNow().UtcDateTime,
        };
        lock (_lock)
        {
            _zones.Upsert(document);
            Durable();
        }
    }

    /// <summary>Removes a zone; false when none was stored under that name.</summary>
    public bool Delete(DnsName origin)
    {
        lock (_lock)
        {
            bool deleted = _zones.Delete(Key(origin));
            deleted |= _database.GetCollection(JournalCollection).DeleteMany(Query.EQ("zone", Key(origin))) > 0;
            if (deleted)
            {
                Durable();
            }

            return deleted;
        }
    }

    /// <summary>A stored setting (e.g. the load-balancing changes made through the API), or null.</summary>
    public string? LoadSetting(string key)
    {
        lock (_lock)
        {
            var document = _database.GetCollection(SettingsCollection).FindById(key);
            return document?["value"].AsString;
        }
    }

    /// <summary>Stores a setting and returns once it is on disk.</summary>
    public void SaveSetting(string key, string value)
    {
        var document = new BsonDocument
        {
            ["_id"] = key,
            ["value"] = value,
            ["updated"] = _time.GetUtcNow().UtcDateTime,
        };
        lock (_lock)
        {
            _database.GetCollection(SettingsCollection).Upsert(document);
            Durable();
        }
    }

    /// <summary>Loads every stored zone into <paramref name="zones"/>; a stored zone that no longer checks is reported and skipped.</summary>
    public int LoadInto(ZoneService zones)
    {
        int loaded = 0;
        foreach (var stored in LoadAll())
        {
            var text = stored.Text;
            var result = zones.LoadManaged(new ZoneSource(Source, () => new StringReader(text), IsFile: false) { Origin = stored.Origin });
            if (result.Loaded)
            {
                loaded++;
            }
        }

        Log.ZonesLoaded(_logger, loaded, Path);
        return loaded;
    }

    /// <summary>What <see cref="ZoneSummary.Source"/> says of a zone from here.</summary>
    public const string Source = "database";

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// LiteDB's commit hands the pages to a background writer; the checkpoint waits for it, copies
    /// the log into the data file and flushes to disk.
    /// </summary>
    private void Durable() => _database.Checkpoint();

    private static string Key(DnsName origin) => origin.ToString().ToLowerInvariant();

    private static StoredZone ToStoredZone(BsonDocument document) =>
        new(DnsName.Parse(document["origin"].AsString), document["text"].AsString, new DateTimeOffset(document["updated"].AsDateTime.ToUniversalTime()));
}

/// <summary>One zone as stored: its name, its records as zone-file text, and when it was last written.</summary>
public sealed record StoredZone(DnsName Origin, string Text, DateTimeOffset Updated);
