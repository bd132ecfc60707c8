using DnsServer.Commands;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace DnsServer.LoadBalancing;

/// <summary>
/// Keeps the load-balancing policies in step with the <c>LoadBalancing</c> section of the
/// configuration file: applied before the listeners start (a bad section stops the start with
/// every error named), then again whenever the file changes, under the changes made through the
/// API. A bad edit is rejected whole and the running policies stay in force. The health monitor
/// follows every model the balancer takes (wired in the composition root).
/// </summary>
internal sealed partial class LoadBalancingService(
    IConfiguration configuration,
    LoadBalancingConfiguration balancing,
    HealthMonitor monitor,
    EventList events,
    ILogger<LoadBalancingService> logger) : IHostedService, IDisposable
{
    public const string SectionName = "LoadBalancing";

    /// <summary>A save often shows up as several change notifications: gather them.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly Lock _applyLock = new();
    private IDisposable? _changes;
    private Timer? _debounce;

    /// <summary>Applies the section as the server starts; throws with every error when it is bad.</summary>
    public void ApplyAtStart()
    {
        var errors = Apply();
        if (errors.Count > 0)
        {
            throw new StartupException("the load-balancing configuration is invalid:\n  " + string.Join("\n  ", errors));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _debounce = new Timer(_ => Reload());
        _changes = ChangeToken.OnChange(configuration.GetReloadToken, () => _debounce.Change(Settle, Timeout.InfiniteTimeSpan));
        return monitor.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _changes?.Dispose();
        _debounce?.Change(Timeout.Infinite, Timeout.Infinite);
        return monitor.StopAsync(cancellationToken);
    }

    private void Reload()
    {
        var errors = Apply();
        if (errors.Count == 0)
        {
            LogReloaded(logger, balancing.Effective.Pools.Count, balancing.Effective.Records.Count);
        }
    }

    private IReadOnlyList<string> Apply()
    {
        lock (_applyLock)
        {
            var options = new LoadBalancingOptions();
            configuration.GetSection(SectionName).Bind(options);
            var errors = balancing.ApplyFile(options);
            if (errors.Count == 0)
            {
                events.Capacity = options.EventListSize;
            }

            return errors;
        }
    }

    public void Dispose()
    {
        _changes?.Dispose();
        _debounce?.Dispose();
    }

    [LoggerMessage(120, LogLevel.Information, "Load-balancing configuration reloaded: {Pools} pools, {Records} records")]
    private static partial void LogReloaded(ILogger logger, int pools, int records);
}
