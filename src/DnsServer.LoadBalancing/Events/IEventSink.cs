namespace DnsServer.LoadBalancing.Events;

/// <summary>Where load-balancing events (health transitions, answer-set changes, faults) are recorded.</summary>
public interface IEventSink
{
    void Add(LoadBalancingEventKind kind, string? pool, string? member, string message);
}
