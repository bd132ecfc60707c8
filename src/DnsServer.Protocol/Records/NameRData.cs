namespace DnsServer.Protocol.Records;

/// <summary>
/// RDATA that is a single domain name. The name compares without case for all of these types
/// (RFC 4034 §6.2); it is compressed on the wire only for the RFC 1035 types, not DNAME (RFC 3597 §4).
/// </summary>
public abstract class SingleNameRData : RData
{
    private protected SingleNameRData(DnsName target) => Target = target;

    public DnsName Target { get; }

    private protected virtual bool Compressible => true;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        if (Compressible)
        {
            writer.WriteName(Target);
        }
        else
        {
            writer.WriteNameUncompressed(Target);
        }
    }

    public override string ToString() => Target.ToString();

    public override bool Equals(RData? other) =>
        other is SingleNameRData n && n.Type == Type && n.Target.Equals(Target);

    public override int GetHashCode() => HashCode.Combine(Type, Target);

    internal static SingleNameRData Create(RecordType type, DnsName target) => type switch
    {
        RecordType.NS => new NsRData(target),
        RecordType.CNAME => new CNameRData(target),
        RecordType.DNAME => new DNameRData(target),
        RecordType.PTR => new PtrRData(target),
        RecordType.MD => new MdRData(target),
        RecordType.MF => new MfRData(target),
        RecordType.MB => new MbRData(target),
        RecordType.MG => new MgRData(target),
        RecordType.MR => new MrRData(target),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    internal static SingleNameRData Read(RecordType type, ref RDataCursor cursor) =>
        Create(type, cursor.ReadName("target"));

    internal static SingleNameRData Parse(ref TokenCursor tokens) =>
        Create(tokens.Type, tokens.NextName("target"));
}

/// <summary>An authoritative name server (RFC 1035 §3.3.11).</summary>
public sealed class NsRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.NS;
}

/// <summary>The canonical name of an alias (RFC 1035 §3.3.1).</summary>
public sealed class CNameRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.CNAME;
}

/// <summary>A redirection of a subtree (RFC 6672); never compressed.</summary>
public sealed class DNameRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.DNAME;

    private protected override bool Compressible => false;
}

/// <summary>A pointer to another name, as used for reverse mapping (RFC 1035 §3.3.12).</summary>
public sealed class PtrRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.PTR;
}

/// <summary>Mail destination, obsolete (RFC 1035 §3.3.4).</summary>
public sealed class MdRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.MD;
}

/// <summary>Mail forwarder, obsolete (RFC 1035 §3.3.5).</summary>
public sealed class MfRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.MF;
}

/// <summary>Mailbox domain, experimental (RFC 1035 §3.3.3).</summary>
public sealed class MbRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.MB;
}

/// <summary>Mail group member, experimental (RFC 1035 §3.3.6).</summary>
public sealed class MgRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.MG;
}

/// <summary>Mail rename, experimental (RFC 1035 §3.3.8).</summary>
public sealed class MrRData(DnsName target) : SingleNameRData(target)
{
    public override RecordType Type => RecordType.MR;
}
