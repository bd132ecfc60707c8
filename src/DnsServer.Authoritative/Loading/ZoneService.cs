using DnsServer.Authoritative.Answering;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Loading;

/// <summary>
/// The zones served: those from zone files, loaded at start and reloaded on request, and the
/// managed zones (the API's, kept in the database), set and removed one at a time. Both kinds
/// live in the one catalog the authoritative stage answers from; a managed zone hides a file zone
/// of the same name. A zone whose file has errors is not served; on reload the previous good
/// snapshot of it stays in service. Writers take a lock; readers (queries) never do.
/// </summary>
public sealed class ZoneService : IZoneDirectory
{
    private readonly ZoneCatalogHolder _catalog = new();
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<DnsName, Zone> _managed = [];
    private Dictionary<DnsName, Zone> _files = [];

    public ZoneService(ZoneSourceOptions options, ILogger<ZoneService> logger)
    {
        Options = options;
        _logger = logger;
        Stage = new AuthoritativeStage(_catalog);
        Prefetcher = new ZonePrefetcher(_catalog);
    }

    public ZoneSourceOptions Options { get; }

    /// <summary>The pipeline stage that answers from these zones.</summary>
    public IQueryMiddleware Stage { get; }

    /// <summary>Warms the caches for the zone lookups of a batch of queries (see <see cref="IBatchPrefetcher"/>).</summary>
    public IBatchPrefetcher Prefetcher { get; }

    public IReadOnlyList<ZoneSummary> Zones =>
        [.. _catalog.Current.Zones.Select(ToSummary).OrderBy(z => z.Origin)];

    internal ZoneCatalogHolder Catalog => _catalog;

    public Protocol.DnsName? FindZone(Protocol.DnsName name) =>
        _catalog.Current.FindZone(name.ToLowerWire())?.Origin;

    public bool TryGetNegativeSoa(ReadOnlySpan<byte> lowerName, out ResponseRRset soa)
    {
        if (_catalog.Current.FindZone(lowerName) is { } zone)
        {
            soa = zone.NegativeSoa;
            return true;
        }

        soa = default;
        return false;
    }

    /// <summary>Loads every zone file; keeps the zones that load and reports the others.</summary>
    public IReadOnlyList<ZoneLoadResult> Load()
    {
        lock (_writeLock)
        {
            var results = new List<ZoneLoadResult>();
            var zones = new Dictionary<DnsName, Zone>();
            foreach (var source in Options.ListSources())
            {
                var (result, zone) = ZoneFileLoader.Load(source);
                results.Add(result);
                if (zone is not null)
                {
                    zones[zone.Origin] = zone;
                }
                else if (_files.TryGetValue(result.Origin, out var previous))
                {
                    // A broken edit must not take a zone off the air: the last good snapshot stays.
                    zones[previous.Origin] = previous;
                }

                Report(result);
                if (_managed.ContainsKey(result.Origin))
                {
                    Log.FileZoneHidden(_logger, result.Origin.ToString(), result.Path);
                }
            }

            _files = zones;
            Publish();

            // Loading leaves the parse and build garbage of every zone behind, hundreds of MB for a
            // large one; give it back to the system now rather than at some later collection.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return results;
        }
    }

    /// <summary>The zone served at exactly <paramref name="origin"/>, if any.</summary>
    public ZoneSummary? Find(DnsName origin) =>
        _catalog.Current.FindZone(origin.ToLowerWire()) is { } zone && zone.Origin.Equals(origin) ? ToSummary(zone) : null;

    /// <summary>True when <paramref name="origin"/> is a managed zone rather than a zone file's.</summary>
    public bool IsManaged(DnsName origin)
    {
        lock (_writeLock)
        {
            return _managed.ContainsKey(origin);
        }
    }

    /// <summary>The records of the zone served at <paramref name="origin"/>, SOA first, then by name and type; null when none is.</summary>
    public IReadOnlyList<ResourceRecord>? GetRecords(DnsName origin)
    {
        if (_catalog.Current.FindZone(origin.ToLowerWire()) is not { } zone || !zone.Origin.Equals(origin))
        {
            return null;
        }

        var records = new List<ResourceRecord>(zone.RecordCount);
        foreach (var set in zone.Soa.Records)
        {
            records.Add(new ResourceRecord(zone.Soa.Name, zone.Soa.Class, zone.Soa.Ttl, set));
        }

        foreach (var node in zone.Nodes.OrderBy(n => n.Name))
        {
            foreach (var set in node.Sets.ToArray().OrderBy(s => (ushort)s.Type))
            {
                if (set.Type == RecordType.SOA && node == zone.Apex)
                {
                    continue;
                }

                foreach (var data in set.Records)
                {
                    records.Add(new ResourceRecord(set.Name, set.Class, set.Ttl, data));
                }
            }
        }

        return records;
    }

    /// <summary>
    /// Serves a managed zone from records already checked, replacing its previous snapshot (and
    /// hiding a file zone of the same name). The new snapshot is built first, then swapped in.
    /// </summary>
    /// <exception cref="InvalidOperationException">The records have no SOA at the apex.</exception>
    public ZoneSummary SetManaged(DnsName origin, IEnumerable<ResourceRecord> records, string source)
    {
        var builder = new ZoneBuilder(origin, source);
        foreach (var record in records)
        {
            builder.Add(record);
        }

        var zone = builder.Build();
        lock (_writeLock)
        {
            _managed[origin] = zone;
            Publish();
        }

        return ToSummary(zone);
    }

    /// <summary>Reads, checks and serves a managed zone kept as zone-file text; a zone with errors is reported and not served.</summary>
    public ZoneLoadResult LoadManaged(ZoneSource source)
    {
        var (result, zone) = ZoneFileLoader.Load(source);
        Report(result);
        if (zone is not null)
        {
            lock (_writeLock)
            {
                _managed[zone.Origin] = zone;
                Publish();
            }
        }

        return result;
    }

    /// <summary>Stops serving a managed zone; a zone file of the same name, if loaded, is served again.</summary>
    public bool RemoveManaged(DnsName origin)
    {
        lock (_writeLock)
        {
            if (!_managed.Remove(origin))
            {
                return false;
            }

            Publish();
            return true;
        }
    }

    private void Publish()
    {
        var zones = new List<Zone>(_files.Count + _managed.Count);
        zones.AddRange(_managed.Values);
        zones.AddRange(_files.Values.Where(z => !_managed.ContainsKey(z.Origin)));
        _catalog.Replace(new ZoneCatalog(zones));
    }

    private void Report(ZoneLoadResult result)
    {
        foreach (var warning in result.Warnings)
        {
            Log.ZoneWarning(_logger, warning);
        }

        if (result.Zone is { } zone)
        {
            Log.ZoneLoaded(_logger, zone.Origin.ToString(), zone.Serial, zone.RecordCount, zone.Source);
            return;
        }

        foreach (var error in result.Errors)
        {
            Log.ZoneError(_logger, error);
        }

        Log.ZoneNotServed(_logger, result.Origin.ToString(), result.Path, result.Errors.Count);
    }

    internal static ZoneSummary ToSummary(Zone zone) =>
        new(zone.Origin, zone.Serial, zone.RecordCount, zone.NameCount, zone.Source);
}
