using System.Runtime.InteropServices;
using DnsServer.Authoritative.Loading;
using DnsServer.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer;

/// <summary>
/// Reloads zone files on SIGHUP (and so on <c>dnsserver reload</c>) and when a file in the zone
/// folder changes. Changes are gathered for a moment so that an editor's save reloads once.
/// </summary>
internal sealed partial class ZoneReloadService(ZoneService zones, ServerOptions options, ILogger<ZoneReloadService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private PosixSignalRegistration? _hangup;
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _debounce = new Timer(_ => Reload("zone folder changed"));
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Reload("SIGHUP");
            });
        }

        if (options.WatchZones && zones.Options.Directory is { } directory)
        {
            _watcher = new FileSystemWatcher(directory, "*" + ZoneFileSet.Extension)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Changed += (_, _) => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);
            _watcher.Created += (_, _) => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);
            _watcher.Deleted += (_, _) => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);
            _watcher.Renamed += (_, _) => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);
            _watcher.Error += (_, e) => LogWatcherFailed(logger, e.GetException());
            _watcher.EnableRaisingEvents = true;
        }

        return Task.CompletedTask;
    }

    private void Reload(string reason)
    {
        LogReloading(logger, reason);
        zones.Load();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
        _debounce?.Dispose();
        _hangup = null;
        _watcher = null;
        _debounce = null;
    }

    [LoggerMessage(100, LogLevel.Information, "Reloading zones: {Reason}")]
    private static partial void LogReloading(ILogger logger, string reason);

    [LoggerMessage(101, LogLevel.Warning, "Zone folder watcher failed")]
    private static partial void LogWatcherFailed(ILogger logger, Exception exception);
}
