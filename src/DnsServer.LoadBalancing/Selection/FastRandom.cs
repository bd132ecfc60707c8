using DnsServer.Protocol;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>
/// xoshiro256** (Blackman and Vigna): a fast generator for draws on the query path, one per
/// thread. Not for secrets; seeded with SplitMix64 so that a seed repeats its sequence.
/// </summary>
internal sealed class FastRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public FastRandom(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>The instance that seeded it (a per-thread generator is reseeded for another owner).</summary>
    public object? Owner { get; init; }

    public static ulong SystemSeed()
    {
        Span<byte> bytes = stackalloc byte[8];
        SecureRandom.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A value in [0, <paramref name="bound"/>) by Lemire's multiply-shift.</summary>
    public int Next(int bound) => (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);

    /// <summary>Mixes a value into 64 well-spread bits (the SplitMix64 finalizer), for rendezvous hashing.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }
}
