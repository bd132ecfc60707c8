using System.Net;
using DnsServer.LoadBalancing.Faults;

namespace DnsServer.LoadBalancing.Health;

/// <summary>
/// One member as the health monitor sees it. <see cref="Health"/> is what the answers use (a fault
/// may force it); <see cref="CheckedHealth"/> what the checks say. <see cref="Since"/> (wall clock)
/// and <see cref="SinceElapsed"/> (monotonic, the clock of the event list) date the last change of
/// <see cref="Health"/>; <see cref="Transitions"/> counts its changes.
/// </summary>
public sealed record MemberStatus(
    string Key,
    string Pool,
    IPAddress Address,
    MemberHealth Health,
    MemberHealth CheckedHealth,
    bool HasHealthCheck,
    bool HasBeenChecked,
    DateTimeOffset Since,
    TimeSpan SinceElapsed,
    int ConsecutiveSuccesses,
    int ConsecutiveFailures,
    TimeSpan? LastLatency,
    string? LastError,
    Fault? ActiveFault,
    int Transitions = 0);
