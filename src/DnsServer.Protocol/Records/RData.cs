namespace DnsServer.Protocol.Records;

/// <summary>
/// The data of one resource record, in a typed form. Instances are immutable: a zone snapshot
/// shares them between threads and writes them into responses as they are.
/// </summary>
public abstract class RData : IEquatable<RData>
{
    public abstract RecordType Type { get; }

    /// <summary>
    /// Writes the RDATA (not its length) into a message. Names are compressed only where
    /// RFC 3597 §4 allows it (the RFC 1035 types); elsewhere they are written whole.
    /// </summary>
    public abstract void WriteTo(ref DnsMessageWriter writer);

    /// <summary>The presentation form of the RDATA, as dig prints it after the type.</summary>
    public abstract override string ToString();

    /// <summary>
    /// Equality of the canonical forms (RFC 4034 §6.2, RFC 6840 §5.1: embedded names of the listed
    /// types compared without case), which is what duplicate detection and RRset comparison need.
    /// </summary>
    public abstract bool Equals(RData? other);

    public override bool Equals(object? obj) => obj is RData other && Equals(other);

    public abstract override int GetHashCode();
}
