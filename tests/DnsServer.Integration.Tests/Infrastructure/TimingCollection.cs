namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// Tests that measure how fast something happens against a bound (health-check failover, client
/// convergence in experiments, faults expiring): they run on their own, after the parallel ones,
/// so that a busy two-core machine does not stretch the times they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
