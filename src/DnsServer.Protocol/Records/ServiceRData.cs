using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>Service location (RFC 2782). The target is never compressed when written.</summary>
public sealed class SrvRData(ushort priority, ushort weight, ushort port, DnsName target) : RData
{
    public override RecordType Type => RecordType.SRV;

    public ushort Priority { get; } = priority;

    public ushort Weight { get; } = weight;

    public ushort Port { get; } = port;

    public DnsName Target { get; } = target;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteNameUncompressed(Target);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target}");

    public override bool Equals(RData? other) =>
        other is SrvRData s && s.Priority == Priority && s.Weight == Weight && s.Port == Port && s.Target.Equals(Target);

    public override int GetHashCode() => HashCode.Combine(Priority, Weight, Port, Target);

    internal static SrvRData Read(ref RDataCursor cursor) => new(
        cursor.ReadUInt16("priority"), cursor.ReadUInt16("weight"), cursor.ReadUInt16("port"), cursor.ReadName("target"));

    internal static SrvRData Parse(ref TokenCursor tokens) => new(
        tokens.NextUInt16("priority"), tokens.NextUInt16("weight"), tokens.NextUInt16("port"), tokens.NextName("target"));
}

/// <summary>Naming authority pointer (RFC 3403 §4.1).</summary>
public sealed class NaptrRData : RData
{
    private readonly byte[] _flags;
    private readonly byte[] _services;
    private readonly byte[] _regexp;

    public NaptrRData(
        ushort order,
        ushort preference,
        ReadOnlySpan<byte> flags,
        ReadOnlySpan<byte> services,
        ReadOnlySpan<byte> regexp,
        DnsName replacement)
    {
        if (flags.Length > 255 || services.Length > 255 || regexp.Length > 255)
        {
            throw new ArgumentException("NAPTR strings are at most 255 octets");
        }

        Order = order;
        Preference = preference;
        _flags = flags.ToArray();
        _services = services.ToArray();
        _regexp = regexp.ToArray();
        Replacement = replacement;
    }

    public NaptrRData(ushort order, ushort preference, string flags, string services, string regexp, DnsName replacement)
        : this(order, preference, Encoding.UTF8.GetBytes(flags), Encoding.UTF8.GetBytes(services), Encoding.UTF8.GetBytes(regexp), replacement)
    {
    }

    public override RecordType Type => RecordType.NAPTR;

    public ushort Order { get; }

    public ushort Preference { get; }

    public ReadOnlyMemory<byte> Flags => _flags;

    public ReadOnlyMemory<byte> Services => _services;

    public ReadOnlyMemory<byte> Regexp => _regexp;

    public DnsName Replacement { get; }

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Order);
        writer.WriteUInt16(Preference);
        writer.WriteCharacterString(_flags);
        writer.WriteCharacterString(_services);
        writer.WriteCharacterString(_regexp);
        writer.WriteNameUncompressed(Replacement);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Order} {Preference} ")
        .AppendCharacterString(_flags).Append(' ')
        .AppendCharacterString(_services).Append(' ')
        .AppendCharacterString(_regexp).Append(' ')
        .Append(Replacement).ToString();

    public override bool Equals(RData? other) =>
        other is NaptrRData n && n.Order == Order && n.Preference == Preference
        && n._flags.AsSpan().SequenceEqual(_flags) && n._services.AsSpan().SequenceEqual(_services)
        && n._regexp.AsSpan().SequenceEqual(_regexp) && n.Replacement.Equals(Replacement);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Order);
        hash.Add(Preference);
        hash.AddBytes(_flags);
        hash.AddBytes(_services);
        hash.AddBytes(_regexp);
        hash.Add(Replacement);
        return hash.ToHashCode();
    }

    internal static NaptrRData Read(ref RDataCursor cursor) => new(
        cursor.ReadUInt16("order"),
        cursor.ReadUInt16("preference"),
        cursor.ReadCharacterString("flags"),
        cursor.ReadCharacterString("services"),
        cursor.ReadCharacterString("regexp"),
        cursor.ReadName("replacement"));

    internal static NaptrRData Parse(ref TokenCursor tokens) => new(
        tokens.NextUInt16("order"),
        tokens.NextUInt16("preference"),
        tokens.NextCharacterString("flags"),
        tokens.NextCharacterString("services"),
        tokens.NextCharacterString("regexp"),
        tokens.NextName("replacement"));
}
