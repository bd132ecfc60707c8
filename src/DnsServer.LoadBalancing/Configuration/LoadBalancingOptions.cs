namespace DnsServer.LoadBalancing.Configuration;

/// <summary>
/// The <c>LoadBalancing</c> section of the configuration file, as bound; docs/load-balancing.md
/// lists every key with its default. <c>LoadBalancingModelBuilder</c> checks it and compiles
/// it into the immutable <see cref="Model.LoadBalancingModel"/> the query path reads.
/// </summary>
public sealed class LoadBalancingOptions
{
    /// <summary>Region name to the address prefixes (CIDR) of its clients. Prefixes may not overlap.</summary>
    public Dictionary<string, List<string>> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Pools by name.</summary>
    public Dictionary<string, PoolOptions> Pools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The names answered from pools.</summary>
    public List<PoolRecordOptions> Records { get; set; } = [];

    /// <summary>Seeds the random draws (weighted, geo, health-check jitter) so that runs repeat.</summary>
    /// <remarks>Defaults to null: seeded from the system's random source.</remarks>
    public int? Seed { get; set; }

    /// <summary>Rotate the records of plain RRsets of the zones per query (as round-robin).</summary>
    /// <remarks>Defaults to false, as NSD and Knot.</remarks>
    public bool RotateRRsets { get; set; }

    /// <summary>The region used for clients that fall in no region, when a pool names none.</summary>
    /// <remarks>Defaults to null: such clients get the candidates of every region.</remarks>
    public string? FallbackRegion { get; set; }

    public ClientSubnetOptions ClientSubnet { get; set; } = new();

    public GeoIpOptions GeoIp { get; set; } = new();

    /// <summary>How many events (health transitions, answer-set changes, faults) are kept.</summary>
    /// <remarks>Defaults to 1,000.</remarks>
    public int EventListSize { get; set; } = 1000;
}

/// <summary>How a pool picks among its candidates.</summary>
public enum PoolMode
{
    /// <summary>All candidates, rotated per query.</summary>
    RoundRobin,

    /// <summary><c>Count</c> candidates drawn by weight per query.</summary>
    Weighted,

    /// <summary>Candidates of the client's region (or the fallback region), drawn by weight.</summary>
    Geo,

    /// <summary>
    /// <c>Count</c> candidates chosen by weighted rendezvous hashing of the client's subnet: sticky
    /// per subnet, and only the clients of a member that leaves move.
    /// </summary>
    Hashed,
}

public sealed class PoolOptions
{
    /// <remarks>Defaults to <see cref="PoolMode.Weighted"/>.</remarks>
    public PoolMode Mode { get; set; } = PoolMode.Weighted;

    /// <summary>The TTL of answers while every member is up.</summary>
    /// <remarks>Defaults to 30 seconds.</remarks>
    public uint Ttl { get; set; } = 30;

    /// <summary>The TTL while any member is down.</summary>
    /// <remarks>Defaults to <see cref="Ttl"/>.</remarks>
    public uint? TtlDegraded { get; set; }

    /// <summary>The TTL before the first health check of every member has finished.</summary>
    /// <remarks>Defaults to <see cref="Ttl"/>.</remarks>
    public uint? TtlUnknown { get; set; }

    /// <summary>Records per answer (Weighted, Geo, Hashed); RoundRobin answers all candidates unless set.</summary>
    /// <remarks>Defaults to 1 (all candidates for RoundRobin).</remarks>
    public int? Count { get; set; }

    public List<MemberOptions> Members { get; set; } = [];

    /// <summary>Null: no checks; members are up unless a fault forces them down.</summary>
    public HealthCheckOptions? HealthCheck { get; set; }

    /// <summary>
    /// What to answer when no member is up: <c>AnswerAll</c> (every member, fail open),
    /// <c>AnswerNone</c> (NOERROR with no records: NODATA), <c>ServFail</c>, or the name of
    /// another pool to answer from.
    /// </summary>
    /// <remarks>Defaults to <c>AnswerAll</c>.</remarks>
    public string WhenAllDown { get; set; } = "AnswerAll";

    /// <summary>Geo: the region whose members answer clients of regions without members.</summary>
    /// <remarks>Defaults to the section's <see cref="LoadBalancingOptions.FallbackRegion"/>.</remarks>
    public string? FallbackRegion { get; set; }
}

public sealed class MemberOptions
{
    /// <summary>The address answered: IPv4 for A records, IPv6 for AAAA.</summary>
    public string Address { get; set; } = "";

    /// <remarks>Defaults to 1. 0 keeps the member out of draws while others are candidates.</remarks>
    public int Weight { get; set; } = 1;

    /// <remarks>Defaults to null (no region: a candidate only where regions do not matter).</remarks>
    public string? Region { get; set; }

    /// <summary>Lower goes first: members of a higher priority answer only when none of a lower one is up.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Priority { get; set; } = 1;

    /// <summary>Check this address instead of <see cref="Address"/> (e.g. a health endpoint on another interface).</summary>
    /// <remarks>Defaults to <see cref="Address"/>.</remarks>
    public string? CheckAddress { get; set; }

    /// <summary>Check this port instead of the pool's health-check port.</summary>
    public int? CheckPort { get; set; }
}

/// <summary>The kind of health check.</summary>
public enum HealthCheckKind
{
    /// <summary>A TCP connect.</summary>
    Tcp,

    /// <summary>An HTTP GET; the status must be in <c>ExpectStatus</c>, the body contain <c>BodyContains</c>.</summary>
    Http,

    /// <summary>As <see cref="Http"/> over TLS.</summary>
    Https,

    /// <summary>A DNS query over UDP; the answer must be NOERROR.</summary>
    Dns,
}

public sealed class HealthCheckOptions
{
    /// <remarks>Defaults to <see cref="HealthCheckKind.Tcp"/>.</remarks>
    public HealthCheckKind Kind { get; set; } = HealthCheckKind.Tcp;

    /// <remarks>Defaults to 80 (Http), 443 (Https), 53 (Dns); required for Tcp.</remarks>
    public int? Port { get; set; }

    /// <summary>Http/Https: the path requested.</summary>
    /// <remarks>Defaults to <c>/</c>.</remarks>
    public string Path { get; set; } = "/";

    /// <summary>Http/Https: the Host header.</summary>
    /// <remarks>Defaults to the checked address.</remarks>
    public string? Host { get; set; }

    /// <summary>Http/Https: the accepted status codes, <c>200</c> or a range <c>200-399</c>.</summary>
    /// <remarks>Defaults to <c>200-399</c>.</remarks>
    public string ExpectStatus { get; set; } = "200-399";

    /// <summary>Http/Https: text the body must contain.</summary>
    /// <remarks>Defaults to null (any body).</remarks>
    public string? BodyContains { get; set; }

    /// <summary>Https: check the server's certificate.</summary>
    /// <remarks>Defaults to false: lab backends mostly use self-signed certificates.</remarks>
    public bool VerifyCertificate { get; set; }

    /// <summary>Dns: the name asked.</summary>
    /// <remarks>Defaults to the root, <c>.</c>.</remarks>
    public string QueryName { get; set; } = ".";

    /// <summary>Dns: the type asked.</summary>
    /// <remarks>Defaults to SOA.</remarks>
    public string QueryType { get; set; } = "SOA";

    /// <remarks>Defaults to 5 seconds.</remarks>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <remarks>Defaults to 2 seconds; must be shorter than the interval.</remarks>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive successes that bring a down member up.</summary>
    /// <remarks>Defaults to 2.</remarks>
    public int Rise { get; set; } = 2;

    /// <summary>Consecutive failures that take an up member down.</summary>
    /// <remarks>Defaults to 3.</remarks>
    public int Fall { get; set; } = 3;

    /// <summary>Each wait between checks varies by up to this fraction of the interval, so checks do not run in lockstep.</summary>
    /// <remarks>Defaults to 0.1.</remarks>
    public double Jitter { get; set; } = 0.1;

    /// <summary>A check that succeeds slower than this counts as failed (a gray failure: slow, not dead).</summary>
    /// <remarks>Defaults to null (no limit but the timeout).</remarks>
    public TimeSpan? MaxLatency { get; set; }

    /// <summary>The state of a member before its first check has finished: <c>Up</c> or <c>Down</c>.</summary>
    /// <remarks>Defaults to <c>Up</c>.</remarks>
    public string InitialState { get; set; } = "Up";
}

/// <summary>A name answered from a pool.</summary>
public sealed class PoolRecordOptions
{
    /// <summary>The owner name, absolute (<c>www.lab.test.</c>); it must lie in a zone we serve.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>A</c> or <c>AAAA</c>, matching the pool's member addresses.</summary>
    /// <remarks>Defaults to A.</remarks>
    public string Type { get; set; } = "A";

    public string Pool { get; set; } = "";
}

/// <summary>EDNS Client Subnet (RFC 7871) handling.</summary>
public sealed class ClientSubnetOptions
{
    /// <summary>Use the client subnet a resolver sends to locate the client.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Enabled { get; set; } = true;

    /// <summary>IPv4 source prefixes longer than this are cut to it (RFC 7871 §11.1 advises 24).</summary>
    /// <remarks>Defaults to 24.</remarks>
    public int MaxSourcePrefixV4 { get; set; } = 24;

    /// <summary>IPv6 source prefixes longer than this are cut to it (RFC 7871 §11.1 advises 56).</summary>
    /// <remarks>Defaults to 56.</remarks>
    public int MaxSourcePrefixV6 { get; set; } = 56;

    /// <summary>Resolvers (CIDR) whose Client Subnet options are used; the option from others is ignored.</summary>
    /// <remarks>Defaults to empty: every client's option is used.</remarks>
    public List<string> TrustedClients { get; set; } = [];
}

/// <summary>A MaxMind DB (.mmdb) that maps addresses to codes usable as region names.</summary>
public sealed class GeoIpOptions
{
    /// <summary>The .mmdb file.</summary>
    /// <remarks>Defaults to null (no database).</remarks>
    public string? Database { get; set; }

    /// <summary>
    /// The record field that names the region: <c>continent</c> (<c>continent.code</c>, e.g. EU) or
    /// <c>country</c> (<c>country.iso_code</c>, e.g. DE). Configured regions (prefix lists) win over it.
    /// </summary>
    /// <remarks>Defaults to <c>continent</c>.</remarks>
    public string Field { get; set; } = "continent";
}
