using System.Net;
using DnsServer.LoadBalancing.Configuration;

namespace DnsServer.LoadBalancing.Model;

/// <summary>What a pool does when no member is up.</summary>
public enum AllDownAction
{
    /// <summary>Answer every member (fail open).</summary>
    AnswerAll,

    /// <summary>NOERROR without records (NODATA, with the zone's SOA).</summary>
    AnswerNone,

    /// <summary>SERVFAIL.</summary>
    ServFail,

    /// <summary>Answer from the pool named in <see cref="PoolModel.BackupPool"/>.</summary>
    BackupPool,
}

/// <summary>A pool as compiled from the configuration: immutable, shared by every thread.</summary>
public sealed class PoolModel
{
    public required string Name { get; init; }

    /// <summary>The pool's place in <see cref="LoadBalancingModel.Pools"/>.</summary>
    public required int Index { get; init; }

    public required PoolMode Mode { get; init; }

    public required uint Ttl { get; init; }

    public required uint TtlDegraded { get; init; }

    public required uint TtlUnknown { get; init; }

    /// <summary>Records per answer; for RoundRobin without a count, the number of members.</summary>
    public required int Count { get; init; }

    public required IReadOnlyList<MemberModel> Members { get; init; }

    /// <summary>Null: the pool's members are not checked.</summary>
    public HealthCheckSettings? HealthCheck { get; init; }

    public required AllDownAction WhenAllDown { get; init; }

    /// <summary>The pool answered from when <see cref="WhenAllDown"/> is <see cref="AllDownAction.BackupPool"/>.</summary>
    public string? BackupPool { get; init; }

    public string? FallbackRegion { get; init; }

    /// <summary>InterNetwork (A) or InterNetworkV6 (AAAA): every member has this family.</summary>
    public required System.Net.Sockets.AddressFamily Family { get; init; }
}

/// <summary>One member of a pool.</summary>
public sealed class MemberModel
{
    /// <summary>Unique over the whole model: the index into <see cref="Health.HealthView"/>.</summary>
    public required int Id { get; init; }

    public required string Pool { get; init; }

    public required IPAddress Address { get; init; }

    public required int Weight { get; init; }

    public string? Region { get; init; }

    public required int Priority { get; init; }

    /// <summary>Where the health check goes (CheckAddress and port, or the address and the pool's port).</summary>
    public IPEndPoint? CheckEndpoint { get; init; }

    /// <summary>The name events, faults and metrics use: <c>pool/address</c>.</summary>
    public string Key => $"{Pool}/{Address}";

    public override string ToString() => Key;
}

/// <summary>A health check as compiled: the options checked and defaults filled in.</summary>
public sealed record HealthCheckSettings(
    HealthCheckKind Kind,
    int Port,
    string Path,
    string? Host,
    int ExpectStatusMin,
    int ExpectStatusMax,
    string? BodyContains,
    bool VerifyCertificate,
    Protocol.DnsName QueryName,
    Protocol.RecordType QueryType,
    TimeSpan Interval,
    TimeSpan Timeout,
    int Rise,
    int Fall,
    double Jitter,
    TimeSpan? MaxLatency,
    bool InitiallyUp);
