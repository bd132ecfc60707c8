using DnsServer.LoadBalancing.Model;

namespace DnsServer.LoadBalancing.Health;

/// <summary>
/// Runs one health check of a member. The monitor passes a token that is cancelled when the
/// check's timeout (or the monitor's shutdown) comes; a probe may throw
/// <see cref="OperationCanceledException"/> then. The seam tests script.
/// </summary>
public interface IHealthProbe
{
    ValueTask<ProbeResult> CheckAsync(MemberModel member, HealthCheckSettings settings, CancellationToken cancellationToken);
}

/// <summary>The outcome of one check: success, how long it took, and why it failed.</summary>
public readonly record struct ProbeResult(bool Success, TimeSpan Latency, string? Error)
{
    public static ProbeResult Passed(TimeSpan latency) => new(true, latency, null);

    public static ProbeResult Failed(TimeSpan latency, string error) => new(false, latency, error);
}
