namespace DnsServer.LoadBalancing.Events;

public enum LoadBalancingEventKind
{
    /// <summary>A member went up or down (health check, or a fault starting or ending).</summary>
    HealthChanged,

    /// <summary>The set of members a pool answers from changed.</summary>
    AnswerSetChanged,

    FaultStarted,

    FaultEnded,

    ConfigurationLoaded,

    ConfigurationRejected,
}

/// <summary>
/// One entry of the event list. <see cref="Elapsed"/> is monotonic time since the server started
/// (for measuring intervals); <see cref="Time"/> is the wall clock (for matching other logs).
/// </summary>
public sealed record LoadBalancingEvent(
    long Sequence,
    DateTimeOffset Time,
    TimeSpan Elapsed,
    LoadBalancingEventKind Kind,
    string? Pool,
    string? Member,
    string Message);
