namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// Something with metrics to show at <c>/metrics</c>. Components register theirs in the service
/// container; the endpoint asks each in turn at every scrape, off the query path.
/// </summary>
public interface IMetricsSource
{
    void WriteTo(MetricsWriter writer);
}
