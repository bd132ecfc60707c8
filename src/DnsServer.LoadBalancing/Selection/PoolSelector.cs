using DnsServer.LoadBalancing.Configuration;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>What a pool answers one query: records, TTL and the Client Subnet scope (-1: none).</summary>
internal readonly record struct PoolAnswer(PoolOutcome Outcome, ReadOnlyMemory<RData> Records, uint Ttl, int Scope, PoolTable Table);

/// <summary>
/// Chooses a pool's records for one query from the precomputed tables, without allocating:
/// round-robin slices of a doubled array, weighted draws, geo by region, rendezvous hashing.
/// Draws use a per-thread generator seeded from the seed (and a per-thread sequence) when one
/// is given, so a single-threaded run repeats.
/// </summary>
internal sealed class PoolSelector
{
    /// <summary>Hashed pools keep clients of one /24 (IPv4) or /56 (IPv6) together.</summary>
    public const int HashPrefixV4 = 24;

    public const int HashPrefixV6 = 56;

    [ThreadStatic]
    private static FastRandom? s_random;

    private readonly ulong? _seed;
    private long _threadSequence;

    public PoolSelector(int? seed)
    {
        Seed = seed;
        _seed = seed is { } value ? (ulong)(uint)value : null;
    }

    public int? Seed { get; }

    public PoolAnswer Select(SelectionState state, PoolTable table, ref ClientLocation location, bool count = true)
    {
        var effective = table.Effective;
        if (effective.Outcome != PoolOutcome.Answer || effective.Candidates.Count == 0)
        {
            var outcome = effective.Outcome == PoolOutcome.ServFail ? PoolOutcome.ServFail : PoolOutcome.NoData;
            return new PoolAnswer(outcome, default, table.Ttl, 0, effective);
        }

        var pool = effective.Pool;
        int wanted = Math.Max(1, pool.Count);
        ReadOnlyMemory<RData> records;
        int scope = 0;
        switch (pool.Mode)
        {
            case PoolMode.RoundRobin:
                records = Rotate(state, effective, wanted, count);
                break;
            case PoolMode.Geo:
                var set = GeoSet(state, effective, ref location, out scope);
                records = Draw(state, set, wanted, count);
                break;
            case PoolMode.Hashed:
                records = Hash(state, effective.Candidates, wanted, ref location, out scope, count);
                break;
            default:
                records = Draw(state, effective.Candidates, wanted, count);
                break;
        }

        return new PoolAnswer(PoolOutcome.Answer, records, table.Ttl, location.SourcePrefix == 0 ? 0 : scope, effective);
    }

    private FastRandom Random()
    {
        var random = s_random;
        if (random is null || !ReferenceEquals(random.Owner, this))
        {
            ulong seed = _seed is { } value ? value + (ulong)Interlocked.Increment(ref _threadSequence) - 1 : FastRandom.SystemSeed();
            random = s_random = new FastRandom(seed) { Owner = this };
        }

        return random;
    }

    private static ReadOnlyMemory<RData> Rotate(SelectionState state, PoolTable table, int wanted, bool count)
    {
        var set = table.Candidates;
        int n = set.Count;
        int start = state.Rotations[table.Pool.Index].Next() % n;
        int take = Math.Min(wanted, n);
        if (count)
        {
            for (int i = 0; i < take; i++)
            {
                state.Counters.Increment(set.MemberIds[(start + i) % n]);
            }
        }

        return set.Doubled.AsMemory(start, take);
    }

    private ReadOnlyMemory<RData> Draw(SelectionState state, CandidateSet set, int wanted, bool count)
    {
        var random = Random();
        if (wanted == 1 || set.Count == 1)
        {
            int index = set.IndexAt(random.Next(set.TotalWeight));
            if (count)
            {
                state.Counters.Increment(set.MemberIds[index]);
            }

            return set.Records.AsMemory(index, 1);
        }

        int take = Math.Min(wanted, set.Count);
        var output = Scratch.Take(take);
        Span<int> weights = stackalloc int[set.Count];
        set.Weights.CopyTo(weights);
        long total = set.TotalWeight;
        for (int k = 0; k < take; k++)
        {
            int chosen = total > 0 ? Pick(weights, random.Next((int)Math.Min(total, int.MaxValue))) : FirstLeft(weights);
            output.Span[k] = set.Records[chosen];
            if (count)
            {
                state.Counters.Increment(set.MemberIds[chosen]);
            }

            total -= weights[chosen];
            weights[chosen] = -1;
        }

        return output;
    }

    private static int Pick(Span<int> weights, int point)
    {
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0)
            {
                continue;
            }

            last = i;
            point -= weights[i];
            if (point < 0)
            {
                return i;
            }
        }

        return last;
    }

    private static int FirstLeft(Span<int> weights)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] >= 0)
            {
                return i;
            }
        }

        return 0;
    }

    private static CandidateSet GeoSet(SelectionState state, PoolTable table, ref ClientLocation location, out int scope)
    {
        location.ResolveRegion(state.Model.RegionMap);
        scope = location.SourcePrefix;
        if (location.Region >= 0)
        {
            scope = Math.Min(location.RegionPrefix, location.SourcePrefix);
            if (table.ByRegion[location.Region] is { } regional)
            {
                return regional;
            }
        }
        else if (state.Model.RegionMap.PrefixCount == 0 && state.Model.RegionMap.GeoIpRangeCount == 0)
        {
            scope = 0;
        }

        return table.Fallback ?? table.Candidates;
    }

    private static ReadOnlyMemory<RData> Hash(SelectionState state, CandidateSet set, int wanted, ref ClientLocation location, out int scope, bool count)
    {
        int bits = Math.Min(location.IsIPv4 ? HashPrefixV4 : HashPrefixV6, location.SourcePrefix);
        scope = bits;
        int total = bits + location.FamilyOffset;
        var subnet = total == 0 ? UInt128.Zero : location.Address & (UInt128.MaxValue << (128 - total));
        ulong key = FastRandom.Mix((ulong)subnet ^ FastRandom.Mix((ulong)(subnet >> 64)));
        int take = Math.Min(wanted, set.Count);
        Span<double> scores = stackalloc double[set.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            // Weighted rendezvous (Resch): score = w / -ln(u), u uniform in (0, 1) from the hash.
            ulong h = FastRandom.Mix(key ^ set.HashKeys[i]);
            double u = ((h >> 11) + 0.5) / (1UL << 53);
            scores[i] = set.Weights[i] / -Math.Log(u);
        }

        var output = take == 1 ? default : Scratch.Take(take);
        int single = 0;
        for (int k = 0; k < take; k++)
        {
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
            {
                best = scores[i] > scores[best] ? i : best;
            }

            scores[best] = double.NegativeInfinity;
            single = best;
            if (take > 1)
            {
                output.Span[k] = set.Records[best];
            }

            if (count)
            {
                state.Counters.Increment(set.MemberIds[best]);
            }
        }

        return take == 1 ? set.Records.AsMemory(single, 1) : output;
    }
}
