using DnsServer.LoadBalancing.Health;
using DnsServer.Pipeline.Diagnostics;

namespace DnsServer.LoadBalancing.Observability;

/// <summary>
/// Pool metrics at <c>/metrics</c>: each member's health and transitions, and the answers it was
/// given with the observed and configured shares, read at scrape time from the counters the
/// query path keeps (per thread, no lock) and the health monitor's status.
/// </summary>
public sealed class LoadBalancingMetrics(LoadBalancer balancer, HealthMonitor monitor) : IMetricsSource
{
    public void WriteTo(MetricsWriter writer)
    {
        var status = monitor.Status();
        writer.Family("dns_pool_member_up", "gauge", "1 while a pool member is up (as answers see it, faults included), else 0.");
        foreach (var member in status)
        {
            writer.Sample("dns_pool_member_up", member.Health == MemberHealth.Down ? 0 : 1, ("pool", member.Pool), ("member", member.Address.ToString()));
        }

        writer.Family("dns_pool_member_transitions_total", "counter", "Changes of a pool member's health since its checks started.");
        foreach (var member in status)
        {
            writer.Sample("dns_pool_member_transitions_total", member.Transitions, ("pool", member.Pool), ("member", member.Address.ToString()));
        }

        var statistics = balancer.Statistics();
        writer.Family("dns_pool_answers_total", "counter", "Answers that named a pool member, since the configuration was loaded.");
        foreach (var pool in statistics)
        {
            foreach (var member in pool.Members)
            {
                writer.Sample("dns_pool_answers_total", member.Answers, ("pool", pool.Pool), ("member", member.Address));
            }
        }

        writer.Family("dns_pool_share_observed", "gauge", "A member's share of its pool's answers so far.");
        foreach (var pool in statistics)
        {
            foreach (var member in pool.Members)
            {
                writer.Sample("dns_pool_share_observed", member.ObservedShare, ("pool", pool.Pool), ("member", member.Address));
            }
        }

        writer.Family("dns_pool_share_configured", "gauge", "A member's share by weight among the pool's current candidates.");
        foreach (var pool in statistics)
        {
            foreach (var member in pool.Members)
            {
                writer.Sample("dns_pool_share_configured", member.ConfiguredShare, ("pool", pool.Pool), ("member", member.Address));
            }
        }
    }
}
