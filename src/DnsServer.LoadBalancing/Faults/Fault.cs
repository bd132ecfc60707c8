namespace DnsServer.LoadBalancing.Faults;

/// <summary>What a fault does to the members it targets.</summary>
public enum FaultKind
{
    /// <summary>The member is down whatever its checks say.</summary>
    Down,

    /// <summary>The member is up whatever its checks say.</summary>
    Up,

    /// <summary>Each check of the member takes <see cref="Fault.Latency"/> longer (and times out when that reaches the check's timeout).</summary>
    Latency,
}

/// <summary>
/// A fault injected for a while. <see cref="Target"/> is what was asked for (a member key
/// <c>pool/address</c> or an address); <see cref="Members"/> the member keys it covers.
/// </summary>
public sealed record Fault(
    long Id,
    string Target,
    IReadOnlyList<string> Members,
    FaultKind Kind,
    TimeSpan Duration,
    TimeSpan? Latency,
    DateTimeOffset Started,
    DateTimeOffset Ends)
{
    public override string ToString() => Kind switch
    {
        FaultKind.Latency => $"fault {Id}: +{Latency!.Value.TotalMilliseconds:0} ms latency on {Target} for {Duration}",
        _ => $"fault {Id}: forced {Kind.ToString().ToLowerInvariant()} on {Target} for {Duration}",
    };
}
