namespace DnsServer.LoadBalancing.Events;

/// <summary>Where load balancing records what happened (the event list implements it).</summary>
public interface IEventSink
{
    void Add(LoadBalancingEventKind kind, string? pool, string? member, string message);
}
