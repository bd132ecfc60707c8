using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Cache;
using DnsServer.Recursive.Resolution;
using DnsServer.Recursive.Selection;
using DnsServer.Recursive.Upstream;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Recursive;

/// <summary>
/// The resolver as a whole: cache, server selection, upstream transport, driver and the pipeline
/// stage, plus the background service that primes the root NS set (RFC 8109) and primes it again
/// before it runs out; a failed priming is logged and retried with back-off, and resolution starts
/// from the hints meanwhile.
/// </summary>
/// <remarks>
/// Priming starts with the first resolution, not with the server (as Unbound does): a server used
/// only for its own zones, often on a lab network with no way to the root, then sends nothing
/// upstream, logs no priming failures and spends no time on retries.
/// </remarks>
public sealed class RecursiveResolver : BackgroundService
{
    /// <summary>The first retry of a failed priming; each further one waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly ResolutionDriver _driver;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RecursiveResolver(RecursiveOptions options, RootHints hints, TimeProvider time, ILoggerFactory loggers)
        : this(options, hints, new UdpTcpTransport(options, time), time, loggers)
    {
    }

    internal RecursiveResolver(RecursiveOptions options, RootHints hints, IUpstreamTransport transport, TimeProvider time, ILoggerFactory loggers)
    {
        options.Validate();
        _time = time;
        _logger = loggers.CreateLogger("DnsServer.Recursive");
        Cache = new RecordCache(options.Cache, time);
        _driver = new ResolutionDriver(options, Cache, transport, new ServerSelector(time), hints, time, _logger);
        Stage = new RecursiveStage(_driver, options, _logger);
    }

    /// <summary>The pipeline stage that answers from the cache or by resolving.</summary>
    public IQueryMiddleware Stage { get; }

    internal RecordCache Cache { get; }

    /// <summary>Cache and upstream metrics for <c>/metrics</c>.</summary>
    public Pipeline.Diagnostics.IMetricsSource Metrics => Cache.Metrics;

    /// <summary>Empties the cache, or drops one name (and with <paramref name="includeBelow"/> its subtree); returns the entries removed.</summary>
    public int FlushCache(DnsName? name = null, bool includeBelow = false) => Cache.Flush(name, includeBelow);

    /// <summary>
    /// The live cache entries in zone-file form, sorted: RRsets as records with their remaining
    /// TTL, negative entries as comments. For operators, off the query path.
    /// </summary>
    public IReadOnlyList<string> DumpCache()
    {
        var lines = new List<string>();
        long now = Cache.NowTicks;
        foreach (var entry in Cache.Snapshot().Where(e => !e.IsExpired(now)).OrderBy(e => e.Name).ThenBy(e => (ushort)e.Type))
        {
            uint ttl = entry.RemainingTtl(now);
            string type = RecordTypeText.ToText(entry.Type);
            if (entry.Set is { } set)
            {
                foreach (var data in set.Records)
                {
                    lines.Add($"{set.Name}\t{ttl}\tIN\t{type}\t{data}\t; {entry.Trust}");
                }

                continue;
            }

            string kind = entry.Kind == CacheEntryKind.NxDomain ? "NXDOMAIN" : "NODATA";
            lines.Add($"; {entry.Name} {type} {kind} for {ttl} s (SOA {entry.Soa?.Name})");
        }

        return lines;
    }

    internal ResolutionDriver Driver => _driver;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _driver.FirstResolution.WaitAsync(stoppingToken).ConfigureAwait(false);
        var retry = FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            int servers;
            string reason = "no root server answered";
            try
            {
                servers = await _driver.PrimeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fault here must not stop the host: resolution still works from the hints.
                servers = 0;
                reason = exception.Message;
            }

            TimeSpan wait;
            if (servers > 0)
            {
                Log.Primed(_logger, servers);
                retry = FirstRetryDelay;
                wait = RefreshDelay();
            }
            else
            {
                Log.PrimingFailed(_logger, reason, retry);
                wait = retry;
                retry = retry * 2 > MaxRetryDelay ? MaxRetryDelay : retry * 2;
            }

            await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Primes again when four fifths of the cached root NS set's TTL have passed.</summary>
    private TimeSpan RefreshDelay()
    {
        if (Cache.TryGet(Protocol.DnsName.Root, Protocol.RecordType.NS, Protocol.RecordClass.IN, out var entry))
        {
            return TimeSpan.FromSeconds(Math.Max(60, entry.RemainingTtl(Cache.NowTicks) * 4 / 5));
        }

        return FirstRetryDelay;
    }
}
