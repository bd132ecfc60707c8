using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>Certification authority authorization (RFC 8659 §4.1).</summary>
public sealed class CaaRData : RData
{
    private readonly byte[] _value;

    public CaaRData(byte flags, string tag, ReadOnlySpan<byte> value)
    {
        if (!IsValidTag(tag))
        {
            throw new ArgumentException("a CAA tag is 1 to 255 ASCII letters and digits", nameof(tag));
        }

        Flags = flags;
        Tag = tag;
        _value = value.ToArray();
    }

    public CaaRData(byte flags, string tag, string value)
        : this(flags, tag, Encoding.UTF8.GetBytes(value))
    {
    }

    public override RecordType Type => RecordType.CAA;

    /// <summary>Bit 0x80 is the issuer-critical flag.</summary>
    public byte Flags { get; }

    public string Tag { get; }

    public ReadOnlyMemory<byte> Value => _value;

    private static bool IsValidTag(ReadOnlySpan<char> tag) =>
        tag.Length is > 0 and <= 255 && !tag.ContainsAnyExcept(ArrayAlphanumerics);

    private static readonly System.Buffers.SearchValues<char> ArrayAlphanumerics =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Flags);
        writer.WriteByte((byte)Tag.Length);
        foreach (char c in Tag)
        {
            writer.WriteByte((byte)c);
        }

        writer.WriteBytes(_value);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Flags} {Tag} ")
        .AppendCharacterString(_value).ToString();

    public override bool Equals(RData? other) =>
        other is CaaRData c && c.Flags == Flags && c.Tag == Tag && c._value.AsSpan().SequenceEqual(_value);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Flags);
        hash.Add(Tag);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    internal static CaaRData Read(ref RDataCursor cursor)
    {
        byte flags = cursor.ReadByte("flags");
        var tag = cursor.ReadCharacterString("tag");
        string text = Encoding.ASCII.GetString(tag);
        if (!IsValidTag(text) || tag.ContainsAnyInRange((byte)0x80, (byte)0xFF))
        {
            throw new DnsFormatException("CAA tag is empty or not letters and digits");
        }

        return new CaaRData(flags, text, cursor.ReadRest());
    }

    internal static CaaRData Parse(ref TokenCursor tokens)
    {
        byte flags = tokens.NextUInt8("flags");
        string tag = tokens.NextPlain("tag");
        if (!IsValidTag(tag))
        {
            throw tokens.Error("tag", $"is not letters and digits: {tag}");
        }

        return new CaaRData(flags, tag, tokens.NextBytes("value"));
    }
}

/// <summary>SSH key fingerprint (RFC 4255 §3.1).</summary>
public sealed class SshfpRData(byte algorithm, byte fingerprintType, ReadOnlySpan<byte> fingerprint) : RData
{
    private readonly byte[] _fingerprint = fingerprint.ToArray();

    public override RecordType Type => RecordType.SSHFP;

    public byte Algorithm { get; } = algorithm;

    public byte FingerprintType { get; } = fingerprintType;

    public ReadOnlyMemory<byte> Fingerprint => _fingerprint;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Algorithm);
        writer.WriteByte(FingerprintType);
        writer.WriteBytes(_fingerprint);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Algorithm} {FingerprintType} ")
        .AppendHexChunked(_fingerprint).ToString();

    public override bool Equals(RData? other) =>
        other is SshfpRData s && s.Algorithm == Algorithm && s.FingerprintType == FingerprintType
        && s._fingerprint.AsSpan().SequenceEqual(_fingerprint);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Algorithm);
        hash.Add(FingerprintType);
        hash.AddBytes(_fingerprint);
        return hash.ToHashCode();
    }

    internal static SshfpRData Read(ref RDataCursor cursor) =>
        new(cursor.ReadByte("algorithm"), cursor.ReadByte("fingerprint type"), cursor.ReadRestNonEmpty("fingerprint"));

    internal static SshfpRData Parse(ref TokenCursor tokens) =>
        new(tokens.NextUInt8("algorithm"), tokens.NextUInt8("fingerprint type"), tokens.RestHex("fingerprint"));
}

/// <summary>
/// A certificate association: TLSA (RFC 6698 §2.1) and SMIMEA (RFC 8162 §2) share this shape.
/// </summary>
public abstract class CertificateAssociationRData : RData
{
    private readonly byte[] _data;

    private protected CertificateAssociationRData(byte usage, byte selector, byte matchingType, ReadOnlySpan<byte> data)
    {
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        _data = data.ToArray();
    }

    public byte Usage { get; }

    public byte Selector { get; }

    public byte MatchingType { get; }

    public ReadOnlyMemory<byte> Data => _data;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Usage);
        writer.WriteByte(Selector);
        writer.WriteByte(MatchingType);
        writer.WriteBytes(_data);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} ")
        .AppendHexChunked(_data).ToString();

    public override bool Equals(RData? other) =>
        other is CertificateAssociationRData c && c.Type == Type && c.Usage == Usage && c.Selector == Selector
        && c.MatchingType == MatchingType && c._data.AsSpan().SequenceEqual(_data);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(Usage);
        hash.Add(Selector);
        hash.Add(MatchingType);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    internal static CertificateAssociationRData Read(RecordType type, ref RDataCursor cursor) => Create(
        type, cursor.ReadByte("usage"), cursor.ReadByte("selector"), cursor.ReadByte("matching type"), cursor.ReadRestNonEmpty("data"));

    internal static CertificateAssociationRData Parse(ref TokenCursor tokens) => Create(
        tokens.Type,
        tokens.NextUInt8("usage"),
        tokens.NextUInt8("selector"),
        tokens.NextUInt8("matching type"),
        tokens.RestHex("certificate association data"));

    private static CertificateAssociationRData Create(
        RecordType type, byte usage, byte selector, byte matchingType, ReadOnlySpan<byte> data) =>
        type == RecordType.TLSA
            ? new TlsaRData(usage, selector, matchingType, data)
            : new SmimeaRData(usage, selector, matchingType, data);
}

/// <summary>A TLS certificate association (RFC 6698).</summary>
public sealed class TlsaRData(byte usage, byte selector, byte matchingType, ReadOnlySpan<byte> data)
    : CertificateAssociationRData(usage, selector, matchingType, data)
{
    public override RecordType Type => RecordType.TLSA;
}

/// <summary>An S/MIME certificate association (RFC 8162).</summary>
public sealed class SmimeaRData(byte usage, byte selector, byte matchingType, ReadOnlySpan<byte> data)
    : CertificateAssociationRData(usage, selector, matchingType, data)
{
    public override RecordType Type => RecordType.SMIMEA;
}
