using DnsServer.Authoritative.Loading;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Zone transfers, NOTIFY and secondary zones put together (docs/transfers.md): the stage that
/// answers AXFR, IXFR and NOTIFY, the journal fed by every zone swap, the NOTIFY sender, and the
/// secondary zones kept fresh from their primaries.
/// </summary>
public sealed class TransferService : IHostedService, IDisposable
{
    private readonly ZoneService _zones;
    private readonly SecondaryZones _secondaries;

    public TransferService(ZoneService zones, TransferPolicy policy, string dataDirectory, TimeProvider time, ILoggerFactory loggers)
    {
        _zones = zones;
        var logger = loggers.CreateLogger<TransferService>();
        var journal = new MemoryZoneJournal(policy.Options.JournalVersions, policy.Options.JournalMaxRecords);
        _secondaries = new SecondaryZones(policy, journal, new SecondaryZoneStore(Path.Combine(dataDirectory, "secondary")), time, logger);
        Notifier = new ZoneChangeNotifier(policy, journal, new NotifySender(policy.Options, time, logger), FindZone, logger);
        zones.Catalog.Replaced += Notifier.OnCatalogReplaced;
        _secondaries.Catalog.Replaced += Notifier.OnCatalogReplaced;
        Stage = new TransferStage(policy, journal, FindZone, _secondaries, time, logger);
        SecondaryStage = _secondaries.Stage;
    }

    /// <summary>Answers AXFR, IXFR and NOTIFY; goes right after validation, before the finalizer.</summary>
    public IQueryMiddleware Stage { get; }

    /// <summary>Answers queries for the secondary zones; goes before the stage of our own zones.</summary>
    public IQueryMiddleware SecondaryStage { get; }

    public ZoneChangeNotifier Notifier { get; }

    /// <summary>The zone with exactly this origin, ours or a live secondary copy.</summary>
    private Zone? FindZone(DnsName origin)
    {
        var key = origin.ToLowerWire();
        if (_secondaries.FindLive(key) is { } secondary)
        {
            return secondary;
        }

        var zone = _zones.Catalog.Current.FindZone(key);
        return zone is not null && zone.Origin.Equals(origin) ? zone : null;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _secondaries.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Notifier.Stop();
        await _secondaries.StopAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _secondaries.Dispose();
        Notifier.Dispose();
    }
}
