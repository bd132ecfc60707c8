using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// The one place a zone change goes out from: records the step in the IXFR journal and sends
/// NOTIFY to the zone's secondaries. File reloads reach it through the catalog swap; other
/// sources of change (the API, dynamic update) call <see cref="ZoneChanged"/> after they swap.
/// </summary>
public sealed class ZoneChangeNotifier : IDisposable
{
    private readonly TransferPolicy _policy;
    private readonly IZoneJournal _journal;
    private readonly NotifySender _sender;
    private readonly Func<DnsName, Zone?> _findZone;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    internal ZoneChangeNotifier(TransferPolicy policy, IZoneJournal journal, NotifySender sender, Func<DnsName, Zone?> findZone, ILogger logger)
    {
        _policy = policy;
        _journal = journal;
        _sender = sender;
        _findZone = findZone;
        _logger = logger;
    }

    /// <summary>Raised with a zone's origin and new serial after it changed (tests and metrics watch it).</summary>
    public event Action<DnsName, uint>? Changed;

    /// <summary>Sends NOTIFY for the zone as it is now served; call after swapping in a new snapshot.</summary>
    public void ZoneChanged(DnsName origin)
    {
        if (_findZone(origin) is { } zone)
        {
            Notify(zone);
        }
    }

    internal void OnCatalogReplaced(ZoneCatalog previous, ZoneCatalog current)
    {
        foreach (var zone in current.Zones)
        {
            var before = previous.FindZone(zone.Origin.ToLowerWire());
            if (before is not null && before.Origin.Equals(zone.Origin) && before.Serial == zone.Serial)
            {
                continue;
            }

            if (before is not null && before.Origin.Equals(zone.Origin))
            {
                _journal.Record(before, zone);
            }

            Notify(zone);
        }
    }

    private void Notify(Zone zone)
    {
        Changed?.Invoke(zone.Origin, zone.Serial);
        var (targets, key) = _policy.NotifyTargets(zone.Origin);
        if (targets.Count == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _sender.NotifyAsync(zone.Origin, ZoneDiff.SoaRecord(zone), targets, key, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception exception)
            {
                Log.NotifyFailed(_logger, exception, zone.Origin.ToString());
            }
        });
    }

    internal void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}
