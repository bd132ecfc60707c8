namespace DnsServer.Recursive;

/// <summary>
/// The resolver's settings (configuration section <c>Recursion</c>). The limits bound the work one
/// client query can cause, whatever the servers it meets answer; reaching one ends the query in
/// SERVFAIL with an Extended DNS Error (RFC 8914).
/// </summary>
public sealed class RecursiveOptions
{
    /// <summary>Resolve names outside our zones for clients allowed to recurse.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Enabled { get; set; } = true;

    /// <summary>QNAME minimisation (RFC 9156), relaxed: a server that answers a minimised query badly gets the full name.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool QnameMinimisation { get; set; } = true;

    /// <summary>Upstream queries (including side queries for name server addresses) per client query.</summary>
    /// <remarks>Defaults to 100.</remarks>
    public int MaxSubQueries { get; set; } = 100;

    /// <summary>Referrals followed per name resolved.</summary>
    /// <remarks>Defaults to 30.</remarks>
    public int MaxReferralDepth { get; set; } = 30;

    /// <summary>CNAME and DNAME links followed per client query.</summary>
    /// <remarks>Defaults to 12.</remarks>
    public int MaxCnameChain { get; set; } = 12;

    /// <summary>Name server names without glue resolved per delegation.</summary>
    /// <remarks>Defaults to 4.</remarks>
    public int MaxNsNamesPerDelegation { get; set; } = 4;

    /// <summary>How deep side queries for name server addresses may nest.</summary>
    /// <remarks>Defaults to 4.</remarks>
    public int MaxSideQueryDepth { get; set; } = 4;

    /// <summary>Total time one client query may take.</summary>
    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan MaxQueryTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait for one upstream reply; a server's own timeout is derived from its RTT below this.</summary>
    /// <remarks>Defaults to 2 seconds.</remarks>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Queries in flight to one upstream server address at once; more wait their turn or try another.</summary>
    /// <remarks>Defaults to 50.</remarks>
    public int MaxQueriesPerServer { get; set; } = 50;

    /// <summary>A zone-file with the root's NS records and their addresses; null for the built-in IANA hints.</summary>
    /// <remarks>Defaults to null (built in).</remarks>
    public string? RootHints { get; set; }

    /// <summary>The clients that may recurse, as CIDR prefixes.</summary>
    /// <remarks>Defaults to 127.0.0.0/8 and ::1.</remarks>
    public IList<string> AllowRecursion { get; } = [];

    public CacheOptions Cache { get; set; } = new();

    public void Validate()
    {
        Positive(MaxSubQueries, nameof(MaxSubQueries));
        Positive(MaxReferralDepth, nameof(MaxReferralDepth));
        Positive(MaxCnameChain, nameof(MaxCnameChain));
        Positive(MaxNsNamesPerDelegation, nameof(MaxNsNamesPerDelegation));
        Positive(MaxSideQueryDepth, nameof(MaxSideQueryDepth));
        Positive(MaxQueriesPerServer, nameof(MaxQueriesPerServer));
        if (MaxQueryTime <= TimeSpan.Zero || UpstreamTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Recursion:MaxQueryTime and Recursion:UpstreamTimeout must be positive");
        }

        Cache.Validate();
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new InvalidOperationException($"Recursion:{name} must be at least 1, not {value}");
        }
    }
}

/// <summary>The resolver cache (configuration section <c>Recursion:Cache</c>).</summary>
public sealed class CacheOptions
{
    /// <summary>The cache's size bound, counted as the approximate bytes its entries hold.</summary>
    /// <remarks>Defaults to 64 MiB.</remarks>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>TTLs above this are cut to it when stored.</summary>
    /// <remarks>Defaults to 1 day (86,400 s), as Unbound's <c>cache-max-ttl</c>.</remarks>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>TTLs below this are raised to it when stored.</summary>
    /// <remarks>Defaults to 0.</remarks>
    public TimeSpan MinTtl { get; set; } = TimeSpan.Zero;

    /// <summary>Negative answers (RFC 2308) are kept at most this long.</summary>
    /// <remarks>Defaults to 1 hour, as Unbound's <c>cache-max-negative-ttl</c>.</remarks>
    public TimeSpan MaxNegativeTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Serve expired data when resolution fails (RFC 8767), with TTL 30.</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool ServeStale { get; set; }

    /// <summary>How long past expiry data may still be served stale (RFC 8767 §5 suggests 1 to 3 days).</summary>
    /// <remarks>Defaults to 1 day.</remarks>
    public TimeSpan StaleWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Refresh an answer in the background when a client asks for it in the last tenth of its TTL.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Prefetch { get; set; } = true;

    public void Validate()
    {
        if (MaxBytes < 64 * 1024)
        {
            throw new InvalidOperationException($"Recursion:Cache:MaxBytes must be at least 65536, not {MaxBytes}");
        }

        if (MinTtl < TimeSpan.Zero || MaxTtl < MinTtl || MaxNegativeTtl < TimeSpan.Zero || StaleWindow < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Recursion:Cache TTL settings must satisfy 0 <= MinTtl <= MaxTtl and be non-negative");
        }
    }
}
