using DnsServer.Authoritative.Answering;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Loading;

/// <summary>
/// The zones served from files: loads them at start, reloads them on request, and holds the
/// catalog the authoritative stage answers from. A zone whose file has errors is not served;
/// on reload the previous good snapshot of it stays in service.
/// </summary>
public sealed class ZoneService : IZoneDirectory
{
    private readonly ZoneCatalogHolder _catalog = new();
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();

    public ZoneService(ZoneSourceOptions options, ILogger<ZoneService> logger)
    {
        Options = options;
        _logger = logger;
        Stage = new AuthoritativeStage(_catalog);
    }

    public ZoneSourceOptions Options { get; }

    /// <summary>The pipeline stage that answers from these zones.</summary>
    public IQueryMiddleware Stage { get; }

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
        lock (_reloadLock)
        {
            var results = new List<ZoneLoadResult>();
            var zones = new Dictionary<Protocol.DnsName, Zone>();
            foreach (var source in Options.ListSources())
            {
                var (result, zone) = ZoneFileLoader.Load(source);
                results.Add(result);
                if (zone is not null)
                {
                    zones[zone.Origin] = zone;
                }
                else if (_catalog.Current.Zones.FirstOrDefault(z => z.Origin.Equals(result.Origin)) is { } previous)
                {
                    // A broken edit must not take a zone off the air: the last good snapshot stays.
                    zones[previous.Origin] = previous;
                }

                Report(result);
            }

            _catalog.Replace(new ZoneCatalog(zones.Values));

            // Loading leaves the parse and build garbage of every zone behind, hundreds of MB for a
            // large one; give it back to the system now rather than at some later collection.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return results;
        }
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
