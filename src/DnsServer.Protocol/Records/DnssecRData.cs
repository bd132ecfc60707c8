using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>A delegation signer: DS (RFC 4034 §5.1) and CDS (RFC 7344 §3.1) share this shape.</summary>
public abstract class DelegationSignerRDataBase : RData
{
    private readonly byte[] _digest;

    private protected DelegationSignerRDataBase(ushort keyTag, byte algorithm, byte digestType, ReadOnlySpan<byte> digest)
    {
        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        _digest = digest.ToArray();
    }

    public ushort KeyTag { get; }

    public byte Algorithm { get; }

    public byte DigestType { get; }

    public ReadOnlyMemory<byte> Digest => _digest;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(KeyTag);
        writer.WriteByte(Algorithm);
        writer.WriteByte(DigestType);
        writer.WriteBytes(_digest);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{KeyTag} {Algorithm} {DigestType} ")
        .AppendHexChunked(_digest).ToString();

    public override bool Equals(RData? other) =>
        other is DelegationSignerRDataBase d && d.Type == Type && d.KeyTag == KeyTag && d.Algorithm == Algorithm
        && d.DigestType == DigestType && d._digest.AsSpan().SequenceEqual(_digest);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(KeyTag);
        hash.Add(Algorithm);
        hash.Add(DigestType);
        hash.AddBytes(_digest);
        return hash.ToHashCode();
    }

    internal static DelegationSignerRDataBase Read(RecordType type, ref RDataCursor cursor) => Create(
        type, cursor.ReadUInt16("key tag"), cursor.ReadByte("algorithm"), cursor.ReadByte("digest type"), cursor.ReadRestNonEmpty("digest"));

    internal static DelegationSignerRDataBase Parse(ref TokenCursor tokens) => Create(
        tokens.Type, tokens.NextUInt16("key tag"), tokens.NextUInt8("algorithm"), tokens.NextUInt8("digest type"), tokens.RestHex("digest"));

    private static DelegationSignerRDataBase Create(RecordType type, ushort keyTag, byte algorithm, byte digestType, ReadOnlySpan<byte> digest) =>
        type == RecordType.DS ? new DsRData(keyTag, algorithm, digestType, digest) : new CdsRData(keyTag, algorithm, digestType, digest);
}

public sealed class DsRData(ushort keyTag, byte algorithm, byte digestType, ReadOnlySpan<byte> digest)
    : DelegationSignerRDataBase(keyTag, algorithm, digestType, digest)
{
    public override RecordType Type => RecordType.DS;
}

public sealed class CdsRData(ushort keyTag, byte algorithm, byte digestType, ReadOnlySpan<byte> digest)
    : DelegationSignerRDataBase(keyTag, algorithm, digestType, digest)
{
    public override RecordType Type => RecordType.CDS;
}

/// <summary>A public key: DNSKEY (RFC 4034 §2.1) and CDNSKEY (RFC 7344 §3.2) share this shape.</summary>
public abstract class DnsKeyRDataBase : RData
{
    private readonly byte[] _publicKey;

    private protected DnsKeyRDataBase(ushort flags, byte protocol, byte algorithm, ReadOnlySpan<byte> publicKey)
    {
        Flags = flags;
        Protocol = protocol;
        Algorithm = algorithm;
        _publicKey = publicKey.ToArray();
    }

    /// <summary>256 is the zone-key bit, 1 the secure-entry-point bit (RFC 4034 §2.1.1).</summary>
    public ushort Flags { get; }

    public byte Protocol { get; }

    public byte Algorithm { get; }

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16(Flags);
        writer.WriteByte(Protocol);
        writer.WriteByte(Algorithm);
        writer.WriteBytes(_publicKey);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{Flags} {Protocol} {Algorithm} ")
        .AppendBase64Chunked(_publicKey).ToString();

    public override bool Equals(RData? other) =>
        other is DnsKeyRDataBase k && k.Type == Type && k.Flags == Flags && k.Protocol == Protocol
        && k.Algorithm == Algorithm && k._publicKey.AsSpan().SequenceEqual(_publicKey);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(Flags);
        hash.Add(Algorithm);
        hash.AddBytes(_publicKey);
        return hash.ToHashCode();
    }

    internal static DnsKeyRDataBase Read(RecordType type, ref RDataCursor cursor) => Create(
        type, cursor.ReadUInt16("flags"), cursor.ReadByte("protocol"), cursor.ReadByte("algorithm"), cursor.ReadRestNonEmpty("public key"));

    internal static DnsKeyRDataBase Parse(ref TokenCursor tokens) => Create(
        tokens.Type, tokens.NextUInt16("flags"), tokens.NextUInt8("protocol"), tokens.NextUInt8("algorithm"), tokens.RestBase64("public key"));

    private static DnsKeyRDataBase Create(RecordType type, ushort flags, byte protocol, byte algorithm, ReadOnlySpan<byte> key) =>
        type == RecordType.DNSKEY ? new DnsKeyRData(flags, protocol, algorithm, key) : new CDnsKeyRData(flags, protocol, algorithm, key);
}

public sealed class DnsKeyRData(ushort flags, byte protocol, byte algorithm, ReadOnlySpan<byte> publicKey)
    : DnsKeyRDataBase(flags, protocol, algorithm, publicKey)
{
    public override RecordType Type => RecordType.DNSKEY;
}

public sealed class CDnsKeyRData(ushort flags, byte protocol, byte algorithm, ReadOnlySpan<byte> publicKey)
    : DnsKeyRDataBase(flags, protocol, algorithm, publicKey)
{
    public override RecordType Type => RecordType.CDNSKEY;
}

/// <summary>Parameters of an <see cref="RrsigRData"/>, in wire order.</summary>
public readonly record struct RrsigFields(
    RecordType TypeCovered,
    byte Algorithm,
    byte Labels,
    uint OriginalTtl,
    uint Expiration,
    uint Inception,
    ushort KeyTag,
    DnsName SignerName);

/// <summary>A signature over an RRset (RFC 4034 §3.1). Times are seconds since 1970, modulo 2^32.</summary>
public sealed class RrsigRData(RrsigFields fields, ReadOnlySpan<byte> signature) : RData
{
    private readonly byte[] _signature = signature.ToArray();

    public override RecordType Type => RecordType.RRSIG;

    public RrsigFields Fields { get; } = fields;

    public ReadOnlyMemory<byte> Signature => _signature;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteUInt16((ushort)Fields.TypeCovered);
        writer.WriteByte(Fields.Algorithm);
        writer.WriteByte(Fields.Labels);
        writer.WriteUInt32(Fields.OriginalTtl);
        writer.WriteUInt32(Fields.Expiration);
        writer.WriteUInt32(Fields.Inception);
        writer.WriteUInt16(Fields.KeyTag);
        writer.WriteNameUncompressed(Fields.SignerName);
        writer.WriteBytes(_signature);
    }

    public override string ToString() => new StringBuilder()
        .Append(RecordTypeText.ToText(Fields.TypeCovered))
        .Append(CultureInfo.InvariantCulture, $" {Fields.Algorithm} {Fields.Labels} {Fields.OriginalTtl} ")
        .Append(FormatTime(Fields.Expiration)).Append(' ').Append(FormatTime(Fields.Inception))
        .Append(CultureInfo.InvariantCulture, $" {Fields.KeyTag} {Fields.SignerName} ")
        .AppendBase64Chunked(_signature).ToString();

    /// <summary>YYYYMMDDHHmmSS in UTC (RFC 4034 §3.2).</summary>
    public static string FormatTime(uint seconds) =>
        DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Either YYYYMMDDHHmmSS or a plain count of seconds (RFC 4034 §3.2).</summary>
    public static bool TryParseTime(string text, out uint seconds)
    {
        seconds = 0;
        if (text.Length == 14)
        {
            if (!DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time) || time < DateTime.UnixEpoch)
            {
                return false;
            }

            seconds = (uint)((ulong)(time - DateTime.UnixEpoch).TotalSeconds & 0xFFFFFFFF);
            return true;
        }

        return text.Length is > 0 and < 11 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    public override bool Equals(RData? other) =>
        other is RrsigRData r && r.Fields == Fields && r._signature.AsSpan().SequenceEqual(_signature);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Fields);
        hash.AddBytes(_signature);
        return hash.ToHashCode();
    }

    internal static RrsigRData Read(ref RDataCursor cursor)
    {
        var fields = new RrsigFields(
            (RecordType)cursor.ReadUInt16("type covered"),
            cursor.ReadByte("algorithm"),
            cursor.ReadByte("labels"),
            cursor.ReadUInt32("original TTL"),
            cursor.ReadUInt32("expiration"),
            cursor.ReadUInt32("inception"),
            cursor.ReadUInt16("key tag"),
            cursor.ReadName("signer name"));
        return new RrsigRData(fields, cursor.ReadRestNonEmpty("signature"));
    }

    internal static RrsigRData Parse(ref TokenCursor tokens)
    {
        string covered = tokens.NextPlain("type covered");
        if (!RecordTypeText.TryParse(covered, out var typeCovered))
        {
            throw tokens.Error("type covered", $"is not a type: {covered}");
        }

        var fields = new RrsigFields(
            typeCovered,
            tokens.NextUInt8("algorithm"),
            tokens.NextUInt8("labels"),
            tokens.NextUInt32("original TTL"),
            NextTime(ref tokens, "expiration"),
            NextTime(ref tokens, "inception"),
            tokens.NextUInt16("key tag"),
            tokens.NextName("signer name"));
        return new RrsigRData(fields, tokens.RestBase64("signature"));
    }

    private static uint NextTime(ref TokenCursor tokens, string field)
    {
        string text = tokens.NextPlain(field);
        return TryParseTime(text, out uint seconds) ? seconds : throw tokens.Error(field, $"is not a time: {text}");
    }
}
