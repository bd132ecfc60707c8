using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Cache;

/// <summary>
/// How far cached data can be trusted (RFC 2181 §5.4.1), lowest first. Data of a rank replaces
/// data of the same or a lower rank, never of a higher one while that is alive.
/// </summary>
internal enum TrustRank : byte
{
    /// <summary>Addresses from an additional section: glue.</summary>
    Glue = 1,

    /// <summary>The authority section of a non-authoritative reply: a referral's NS set.</summary>
    NonAuthoritativeAuthority = 2,

    /// <summary>The answer section of a non-authoritative reply.</summary>
    NonAuthoritativeAnswer = 3,

    /// <summary>The authority section of an authoritative reply (SOA, the zone's own NS set).</summary>
    AuthoritativeAuthority = 4,

    /// <summary>The answer section of an authoritative reply.</summary>
    AuthoritativeAnswer = 5,
}

/// <summary>What a cache entry says.</summary>
internal enum CacheEntryKind : byte
{
    /// <summary>An RRset.</summary>
    Positive,

    /// <summary>RFC 2308 §5: the name does not exist.</summary>
    NxDomain,

    /// <summary>RFC 2308 §5: the name exists but holds no data of the type.</summary>
    NoData,
}

/// <summary>
/// One cached RRset or negative answer, immutable once stored (except the one-shot prefetch
/// claim). Expiry is absolute, in UTC ticks from the resolver's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CacheEntry
{
    private int _prefetchClaimed;

    public CacheEntry(CacheEntryKind kind, DnsName name, RecordType type, RRset? set, RRset? soa, TrustRank trust, long storedTicks, uint ttl, int size)
    {
        Kind = kind;
        Name = name;
        Type = type;
        Set = set;
        Soa = soa;
        Trust = trust;
        StoredTicks = storedTicks;
        Ttl = ttl;
        ExpiresTicks = storedTicks + (ttl * TimeSpan.TicksPerSecond);
        Size = size;
        if (set is { Type: RecordType.CNAME } && set.Records[0] is CNameRData cname)
        {
            CnameTargetLower = cname.Target.ToLowerWire();
        }
    }

    public CacheEntryKind Kind { get; }

    public DnsName Name { get; }

    public RecordType Type { get; }

    /// <summary>The RRset of a positive entry; its records are what responses point at.</summary>
    public RRset? Set { get; }

    /// <summary>The SOA for a negative entry (RFC 2308 §3), with its TTL as stored.</summary>
    public RRset? Soa { get; }

    public TrustRank Trust { get; }

    /// <summary>
    /// RFC 2181 §5.4.1: glue and a referral's NS set serve the iteration, never as an answer to a
    /// client; an answer comes from answer-section data (or a negative entry).
    /// </summary>
    public bool IsAnswerGrade => Kind != CacheEntryKind.Positive || Trust >= TrustRank.NonAuthoritativeAnswer;

    public long StoredTicks { get; }

    public long ExpiresTicks { get; }

    /// <summary>The TTL when stored, after the min/max clamps.</summary>
    public uint Ttl { get; }

    /// <summary>The approximate bytes the entry holds, for the cache's size bound.</summary>
    public int Size { get; }

    /// <summary>For a CNAME entry, its target lowered: the next key of a chain, ready to probe.</summary>
    public byte[]? CnameTargetLower { get; }

    public bool IsExpired(long nowTicks) => nowTicks >= ExpiresTicks;

    /// <summary>The TTL left at <paramref name="nowTicks"/> (RFC 1035 §6.1.2: counted down while cached).</summary>
    public uint RemainingTtl(long nowTicks) =>
        nowTicks >= ExpiresTicks ? 0 : (uint)((ExpiresTicks - nowTicks) / TimeSpan.TicksPerSecond);

    /// <summary>True once, for the first caller, when the entry is in the last tenth of its TTL.</summary>
    public bool TryClaimPrefetch(long nowTicks)
    {
        if (Ttl < 10 || nowTicks < ExpiresTicks - (Ttl * TimeSpan.TicksPerSecond / 10) || Volatile.Read(ref _prefetchClaimed) != 0)
        {
            return false;
        }

        return Interlocked.Exchange(ref _prefetchClaimed, 1) == 0;
    }
}
