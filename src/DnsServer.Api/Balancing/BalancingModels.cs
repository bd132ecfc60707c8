using DnsServer.LoadBalancing.Configuration;

namespace DnsServer.Api.Balancing;

/// <summary>A pool as the API shows it: its configuration (the config file's model), where it comes from, and its members now.</summary>
public sealed record PoolInfo(string Name, string Source, PoolOptions Configuration, IReadOnlyList<PoolMemberInfo> Members, long Answers);

/// <summary>A member now: health as answers see it, since when, answers given and shares.</summary>
public sealed record PoolMemberInfo(
    string Address,
    string Health,
    DateTimeOffset? Since,
    bool Candidate,
    long Answers,
    double ObservedShare,
    double ConfiguredShare,
    string? LastError,
    string? Fault);

/// <summary>Changes some fields of one member; the others stay.</summary>
public sealed record MemberChange(int? Weight, int? Priority, string? Region);

/// <summary>A region's prefixes (CIDR) and where they come from.</summary>
public sealed record RegionInfo(string Name, string Source, IReadOnlyList<string> Prefixes);

/// <summary>The prefixes of a region, to set it.</summary>
public sealed record RegionChange(List<string> Prefixes);

/// <summary>A name answered from a pool.</summary>
public sealed record PoolRecordInfo(string Name, string Type, string Pool, string Source);

/// <summary>A request for a pool record.</summary>
public sealed record PoolRecordRequest(string Name, string? Type, string Pool);

/// <summary>A member's health as the monitor sees it.</summary>
public sealed record HealthInfo(
    string Member,
    string Pool,
    string Address,
    string Health,
    string CheckedHealth,
    bool Checked,
    DateTimeOffset Since,
    double SinceSeconds,
    int ConsecutiveSuccesses,
    int ConsecutiveFailures,
    double? LastLatencyMs,
    string? LastError,
    int Transitions,
    string? Fault);

/// <summary>One event of the event list.</summary>
public sealed record EventInfo(long Sequence, DateTimeOffset Time, double ElapsedSeconds, string Kind, string? Pool, string? Member, string Message);

/// <summary>A fault to inject: <c>Down</c>, <c>Up</c> or <c>Latency</c> (with <c>latency</c>), for <c>for</c>.</summary>
public sealed record FaultRequest(string Member, string State, TimeSpan? For, TimeSpan? Latency);

/// <summary>A fault in force.</summary>
public sealed record FaultInfo(long Id, string Target, IReadOnlyList<string> Members, string Kind, TimeSpan Duration, TimeSpan? Latency, DateTimeOffset Started, DateTimeOffset Ends);

/// <summary>Why a client gets the answer it gets: the explanation's fields and its text.</summary>
public sealed record ExplainInfo(string? Pool, string? Region, string LocatedBy, IReadOnlyList<string> Answer, uint Ttl, string TtlReason, int? Scope, string Text);
