using DnsServer.Pipeline.Diagnostics;
using DnsServer.Recursive.Cache;

namespace DnsServer.Recursive;

/// <summary>The resolver's metrics: cache size, hits and misses, upstream queries and timeouts (docs/metrics.md).</summary>
internal sealed class ResolverMetrics(RecordCache cache) : IMetricsSource
{
    private const int CacheHits = 0;
    private const int CacheMisses = 1;
    private const int UpstreamQueries = 2;
    private const int UpstreamTimeouts = 3;
    private const int UpstreamUnreachable = 4;

    private readonly StripedCounters _counters = new(5);

    public void CacheHit() => _counters.Increment(CacheHits);

    public void CacheMiss() => _counters.Increment(CacheMisses);

    public void Upstream(DnsServer.Recursive.Upstream.UpstreamStatus status)
    {
        _counters.Increment(UpstreamQueries);
        if (status == DnsServer.Recursive.Upstream.UpstreamStatus.Timeout)
        {
            _counters.Increment(UpstreamTimeouts);
        }
        else if (status == DnsServer.Recursive.Upstream.UpstreamStatus.Unreachable)
        {
            _counters.Increment(UpstreamUnreachable);
        }
    }

    public void WriteTo(MetricsWriter writer)
    {
        writer.Family("dns_cache_entries", "gauge", "RRsets and negative answers held by the resolver cache.")
            .Sample("dns_cache_entries", cache.Count);
        writer.Family("dns_cache_bytes", "gauge", "Approximate bytes held by the resolver cache, as counted against Cache:MaxBytes.")
            .Sample("dns_cache_bytes", cache.Bytes);
        writer.Family("dns_cache_lookups_total", "counter", "Resolver cache lookups, by result.")
            .Sample("dns_cache_lookups_total", _counters.Sum(CacheHits), ("result", "hit"))
            .Sample("dns_cache_lookups_total", _counters.Sum(CacheMisses), ("result", "miss"));
        writer.Family("dns_upstream_queries_total", "counter", "Queries the resolver sent to authoritative servers.")
            .Sample("dns_upstream_queries_total", _counters.Sum(UpstreamQueries));
        writer.Family("dns_upstream_failures_total", "counter", "Upstream queries that got no usable reply, by reason.")
            .Sample("dns_upstream_failures_total", _counters.Sum(UpstreamTimeouts), ("reason", "timeout"))
            .Sample("dns_upstream_failures_total", _counters.Sum(UpstreamUnreachable), ("reason", "unreachable"));
    }
}
