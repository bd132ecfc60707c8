using DnsServer.Protocol;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// Compares lowered wire names held as arrays, and looks them up by span, so that the query path
/// finds a node from the QNAME it already holds without making a key.
/// </summary>
internal sealed class WireNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static WireNameComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => DnsNameWire.GetHashCodeIgnoreCase(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => DnsNameWire.GetHashCodeIgnoreCase(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
