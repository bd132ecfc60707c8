using DnsServer.Protocol;

namespace DnsServer.Recursive.Cache;

/// <summary>A cache key: the owner's lowered wire name, the type and the class.</summary>
internal readonly struct CacheKey(byte[] lowerName, RecordType type, RecordClass recordClass)
{
    public byte[] LowerName { get; } = lowerName;

    public RecordType Type { get; } = type;

    public RecordClass Class { get; } = recordClass;

    public static CacheKey For(DnsName name, RecordType type, RecordClass recordClass) =>
        new(name.ToLowerWire(), type, recordClass);
}

/// <summary>The same key over a span, for probing the cache without allocating a key.</summary>
internal readonly ref struct CacheProbe(ReadOnlySpan<byte> lowerName, RecordType type, RecordClass recordClass)
{
    public ReadOnlySpan<byte> LowerName { get; } = lowerName;

    public RecordType Type { get; } = type;

    public RecordClass Class { get; } = recordClass;
}

/// <summary>
/// Compares keys by bytes; the hash is the BCL's per-process randomized one, so crafted names
/// cannot flood one bucket. Also compares a <see cref="CacheProbe"/> with a key, so a lookup by span
/// finds the stored entry (the dictionary's alternate lookup).
/// </summary>
internal sealed class CacheKeyComparer : IEqualityComparer<CacheKey>, IAlternateEqualityComparer<CacheProbe, CacheKey>
{
    public static CacheKeyComparer Instance { get; } = new();

    public bool Equals(CacheKey x, CacheKey y) =>
        x.Type == y.Type && x.Class == y.Class && x.LowerName.AsSpan().SequenceEqual(y.LowerName);

    public int GetHashCode(CacheKey obj) => Hash(obj.LowerName, obj.Type, obj.Class);

    public bool Equals(CacheProbe alternate, CacheKey other) =>
        alternate.Type == other.Type && alternate.Class == other.Class && alternate.LowerName.SequenceEqual(other.LowerName);

    public int GetHashCode(CacheProbe alternate) => Hash(alternate.LowerName, alternate.Type, alternate.Class);

    public CacheKey Create(CacheProbe alternate) => new(alternate.LowerName.ToArray(), alternate.Type, alternate.Class);

    private static int Hash(ReadOnlySpan<byte> name, RecordType type, RecordClass recordClass)
    {
        var hash = default(HashCode);
        hash.AddBytes(name);
        hash.Add((ushort)type | ((int)recordClass << 16));
        return hash.ToHashCode();
    }
}
