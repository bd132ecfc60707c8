using DnsServer.Authoritative.Loading;
using DnsServer.Authoritative.Updates;
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
    private readonly MemoryZoneJournal _journal;
    private readonly TransferPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="journalStore">Where the journal of the managed zones is kept across restarts; none keeps it in memory only.</param>
    public TransferService(ZoneService zones, TransferPolicy policy, string dataDirectory, TimeProvider time, ILoggerFactory loggers, IJournalStore? journalStore = null)
    {
        _zones = zones;
        _policy = policy;
        _time = time;
        var logger = loggers.CreateLogger<TransferService>();
        _logger = logger;
        var journal = new MemoryZoneJournal(policy.Options.JournalVersions, policy.Options.JournalMaxRecords, journalStore, zones.IsManaged);
        _journal = journal;
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

    /// <summary>Answers UPDATE (docs/updates.md), writing through <paramref name="writer"/>; goes right before <see cref="Stage"/>.</summary>
    public IQueryMiddleware CreateUpdateStage(IZoneWriter writer) => new UpdateStage(_policy, FindPrimaryZone, writer, _time, _logger);

    /// <summary>Reads the stored IXFR journals of the managed zones back into memory; call once they are loaded.</summary>
    public void RestoreJournals()
    {
        foreach (var zone in _zones.Zones.Where(z => _zones.IsManaged(z.Origin)))
        {
            _journal.Restore(zone.Origin);
        }
    }

    /// <summary>The zone of ours with exactly this origin; secondary copies are not ours to update.</summary>
    private Zone? FindPrimaryZone(DnsName origin)
    {
        var zone = _zones.Catalog.Current.FindZone(origin.ToLowerWire());
        return zone is not null && zone.Origin.Equals(origin) ? zone : null;
    }

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
