using System.Collections.Concurrent;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Cache;

/// <summary>
/// The resolver's cache of RRsets and negative answers (RFC 2308), keyed by lowered owner name,
/// type and class. Reads are lock-free and allocate nothing: a span probe into a concurrent
/// dictionary returns an immutable entry whose TTL is counted down from its absolute expiry.
/// Writes respect trust ranks (RFC 2181 §5.4.1) and a size bound; crossing the bound evicts
/// expired entries first, then those closest to expiry.
/// </summary>
internal sealed class RecordCache
{
    /// <summary>RFC 8767 §4: stale data is served with a TTL of 30 seconds.</summary>
    public const uint StaleTtl = 30;

    private readonly ConcurrentDictionary<CacheKey, CacheEntry> _entries = new(CacheKeyComparer.Instance);
    private readonly ConcurrentDictionary<CacheKey, CacheEntry>.AlternateLookup<CacheProbe> _probe;
    private readonly Lock _evictionLock = new();
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private long _bytes;

    public RecordCache(CacheOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _probe = _entries.GetAlternateLookup<CacheProbe>();
        Metrics = new ResolverMetrics(this);
    }

    /// <summary>Cache hits and misses, and the resolver's other counters.</summary>
    public ResolverMetrics Metrics { get; }

    public CacheOptions Options => _options;

    public int Count => _entries.Count;

    /// <summary>The approximate bytes held, as counted against <see cref="CacheOptions.MaxBytes"/>.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public long NowTicks => _time.GetUtcNow().UtcTicks;

    /// <summary>Finds a live entry; with <paramref name="allowStale"/> also one expired within the stale window.</summary>
    public bool TryGet(ReadOnlySpan<byte> lowerName, RecordType type, RecordClass recordClass, long nowTicks, out CacheEntry entry, bool allowStale = false)
    {
        if (_probe.TryGetValue(new CacheProbe(lowerName, type, recordClass), out entry!))
        {
            if (!entry.IsExpired(nowTicks))
            {
                Metrics.CacheHit();
                return true;
            }

            if (allowStale && _options.ServeStale && nowTicks < entry.ExpiresTicks + _options.StaleWindow.Ticks)
            {
                Metrics.CacheHit();
                return true;
            }
        }

        Metrics.CacheMiss();
        entry = null!;
        return false;
    }

    public bool TryGet(DnsName name, RecordType type, RecordClass recordClass, out CacheEntry entry, bool allowStale = false)
    {
        Span<byte> lower = stackalloc byte[DnsName.MaxLength];
        DnsNameWire.ToLower(name.Wire, lower);
        return TryGet(lower[..name.Wire.Length], type, recordClass, NowTicks, out entry, allowStale);
    }

    /// <summary>Stores an RRset unless a live entry of higher trust holds its key. Returns the entry that holds it afterwards.</summary>
    public CacheEntry Stash(RRset set, TrustRank trust)
    {
        uint ttl = Clamp(set.Ttl, _options.MinTtl, _options.MaxTtl);
        var entry = new CacheEntry(CacheEntryKind.Positive, set.Name, set.Type, set, null, trust, NowTicks, ttl, EntrySize.Of(set, null));
        return Store(CacheKey.For(set.Name, set.Type, set.Class), entry);
    }

    /// <summary>
    /// Stores a negative answer (RFC 2308 §5) for the name and type; its TTL is the lesser of the
    /// SOA's TTL and its MINIMUM field (RFC 2308 §3). Without an SOA nothing is stored (§5).
    /// </summary>
    public CacheEntry? StashNegative(DnsName name, RecordType type, RecordClass recordClass, CacheEntryKind kind, RRset? soa, TrustRank trust)
    {
        if (soa is null || soa.Records[0] is not SoaRData data)
        {
            return null;
        }

        uint ttl = Math.Min(soa.Ttl, data.Minimum);
        ttl = Math.Min(Clamp(ttl, _options.MinTtl, _options.MaxTtl), (uint)_options.MaxNegativeTtl.TotalSeconds);
        var entry = new CacheEntry(kind, name, type, null, soa, trust, NowTicks, ttl, EntrySize.Of(null, soa) + name.Wire.Length);
        return Store(CacheKey.For(name, type, recordClass), entry);
    }

    /// <summary>
    /// Removes every entry, or those owned by <paramref name="name"/> when given, and with
    /// <paramref name="includeBelow"/> also those of every name below it.
    /// </summary>
    public int Flush(DnsName? name = null, bool includeBelow = false)
    {
        int removed = 0;
        foreach (var pair in _entries)
        {
            var owner = pair.Value.Name;
            bool matches = name is null || (includeBelow ? owner.IsSubdomainOf(name) : owner.Equals(name));
            if (matches && _entries.TryRemove(pair))
            {
                Interlocked.Add(ref _bytes, -pair.Value.Size);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>A snapshot of the entries, for a dump; not for the query path.</summary>
    public IReadOnlyList<CacheEntry> Snapshot() => [.. _entries.Values];

    private CacheEntry Store(CacheKey key, CacheEntry entry)
    {
        long now = entry.StoredTicks;
        while (true)
        {
            if (!_entries.TryGetValue(key, out var existing))
            {
                if (_entries.TryAdd(key, entry))
                {
                    Account(entry.Size);
                    return entry;
                }

                continue;
            }

            // RFC 2181 §5.4.1: live data of higher trust is not replaced by data of lower trust.
            if (!existing.IsExpired(now) && existing.Trust > entry.Trust)
            {
                return existing;
            }

            if (_entries.TryUpdate(key, entry, existing))
            {
                Account(entry.Size - existing.Size);
                return entry;
            }
        }
    }

    private void Account(long delta)
    {
        if (Interlocked.Add(ref _bytes, delta) > _options.MaxBytes)
        {
            Evict();
        }
    }

    /// <summary>Brings the cache under 90% of its bound: dead entries first, then the soonest to expire.</summary>
    private void Evict()
    {
        if (!_evictionLock.TryEnter())
        {
            return;
        }

        try
        {
            long now = NowTicks;
            long target = _options.MaxBytes * 9 / 10;
            long keepUntil = _options.ServeStale ? _options.StaleWindow.Ticks : 0;
            var live = new List<KeyValuePair<CacheKey, CacheEntry>>(_entries.Count);
            foreach (var pair in _entries)
            {
                if (now >= pair.Value.ExpiresTicks + keepUntil)
                {
                    Remove(pair);
                }
                else
                {
                    live.Add(pair);
                }
            }

            if (Bytes <= target)
            {
                return;
            }

            live.Sort(static (a, b) => a.Value.ExpiresTicks.CompareTo(b.Value.ExpiresTicks));
            foreach (var pair in live)
            {
                if (Bytes <= target)
                {
                    break;
                }

                Remove(pair);
            }
        }
        finally
        {
            _evictionLock.Exit();
        }
    }

    private void Remove(KeyValuePair<CacheKey, CacheEntry> pair)
    {
        if (_entries.TryRemove(pair))
        {
            Interlocked.Add(ref _bytes, -pair.Value.Size);
        }
    }

    private static uint Clamp(uint ttl, TimeSpan min, TimeSpan max) =>
        Math.Clamp(ttl, (uint)Math.Min(min.TotalSeconds, uint.MaxValue), (uint)Math.Min(max.TotalSeconds, uint.MaxValue));
}
