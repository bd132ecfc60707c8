using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// Authenticated denial (RFC 4034 §4.1). The next name is never compressed, and RFC 6840 §5.1
/// says it is not lowered in canonical form, so equality compares it byte for byte.
/// </summary>
public sealed class NsecRData : RData
{
    private readonly byte[] _bitmap;

    public NsecRData(DnsName nextName, IEnumerable<RecordType> types)
    {
        NextName = nextName;
        _bitmap = TypeBitmap.Encode(types);
        Types = TypeBitmap.Decode(RecordType.NSEC, _bitmap);
    }

    public override RecordType Type => RecordType.NSEC;

    public DnsName NextName { get; }

    /// <summary>The types present at the owner, ascending.</summary>
    public IReadOnlyList<RecordType> Types { get; }

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteNameUncompressed(NextName);
        writer.WriteBytes(_bitmap);
    }

    public override string ToString() => new StringBuilder().Append(NextName).AppendTypes(Types).ToString();

    public override bool Equals(RData? other) =>
        other is NsecRData n && n.NextName.Wire.SequenceEqual(NextName.Wire) && n._bitmap.AsSpan().SequenceEqual(_bitmap);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(NextName);
        hash.AddBytes(_bitmap);
        return hash.ToHashCode();
    }

    internal static NsecRData Read(ref RDataCursor cursor)
    {
        var next = cursor.ReadName("next name");
        return new NsecRData(next, TypeBitmap.Decode(RecordType.NSEC, cursor.ReadRest()));
    }

    internal static NsecRData Parse(ref TokenCursor tokens) =>
        new(tokens.NextName("next name"), TypeBitmap.Parse(ref tokens));
}

/// <summary>Hashed authenticated denial (RFC 5155 §3.2).</summary>
public sealed class Nsec3RData : RData
{
    private readonly byte[] _salt;
    private readonly byte[] _nextHashedOwner;
    private readonly byte[] _bitmap;

    public Nsec3RData(Nsec3Parameters parameters, ReadOnlySpan<byte> nextHashedOwner, IEnumerable<RecordType> types)
    {
        if (nextHashedOwner.IsEmpty || nextHashedOwner.Length > 255)
        {
            throw new ArgumentException("the next hashed owner is 1 to 255 octets", nameof(nextHashedOwner));
        }

        HashAlgorithm = parameters.HashAlgorithm;
        Flags = parameters.Flags;
        Iterations = parameters.Iterations;
        _salt = parameters.Salt.ToArray();
        _nextHashedOwner = nextHashedOwner.ToArray();
        _bitmap = TypeBitmap.Encode(types);
        Types = TypeBitmap.Decode(RecordType.NSEC3, _bitmap);
    }

    public override RecordType Type => RecordType.NSEC3;

    public byte HashAlgorithm { get; }

    /// <summary>Bit 0x01 is opt-out (RFC 5155 §3.1.2.1).</summary>
    public byte Flags { get; }

    public ushort Iterations { get; }

    public ReadOnlyMemory<byte> Salt => _salt;

    public ReadOnlyMemory<byte> NextHashedOwner => _nextHashedOwner;

    public IReadOnlyList<RecordType> Types { get; }

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(_salt);
        writer.WriteCharacterString(_nextHashedOwner);
        writer.WriteBytes(_bitmap);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} ")
        .AppendSalt(_salt).Append(' ')
        .Append(PresentationText.ToBase32Hex(_nextHashedOwner))
        .AppendTypes(Types).ToString();

    public override bool Equals(RData? other) =>
        other is Nsec3RData n && n.HashAlgorithm == HashAlgorithm && n.Flags == Flags && n.Iterations == Iterations
        && n._salt.AsSpan().SequenceEqual(_salt) && n._nextHashedOwner.AsSpan().SequenceEqual(_nextHashedOwner)
        && n._bitmap.AsSpan().SequenceEqual(_bitmap);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(HashAlgorithm);
        hash.Add(Iterations);
        hash.AddBytes(_salt);
        hash.AddBytes(_nextHashedOwner);
        hash.AddBytes(_bitmap);
        return hash.ToHashCode();
    }

    internal static Nsec3RData Read(ref RDataCursor cursor)
    {
        var parameters = Nsec3Parameters.Read(ref cursor);
        var next = cursor.ReadCharacterString("next hashed owner");
        if (next.IsEmpty)
        {
            throw new DnsFormatException("NSEC3 next hashed owner is empty");
        }

        return new Nsec3RData(parameters, next, TypeBitmap.Decode(RecordType.NSEC3, cursor.ReadRest()));
    }

    internal static Nsec3RData Parse(ref TokenCursor tokens)
    {
        var parameters = Nsec3Parameters.Parse(ref tokens);
        string text = tokens.NextPlain("next hashed owner");
        if (!PresentationText.TryFromBase32Hex(text, out byte[] next) || next.Length is 0 or > 255)
        {
            throw tokens.Error("next hashed owner", $"is not base32hex: {text}");
        }

        return new Nsec3RData(parameters, next, TypeBitmap.Parse(ref tokens));
    }
}

/// <summary>The hash parameters shared by NSEC3 and NSEC3PARAM (RFC 5155 §3.2, §4.2).</summary>
public readonly record struct Nsec3Parameters(byte HashAlgorithm, byte Flags, ushort Iterations, ReadOnlyMemory<byte> Salt)
{
    internal static Nsec3Parameters Read(ref RDataCursor cursor) => new(
        cursor.ReadByte("hash algorithm"),
        cursor.ReadByte("flags"),
        cursor.ReadUInt16("iterations"),
        cursor.ReadCharacterString("salt").ToArray());

    internal static Nsec3Parameters Parse(ref TokenCursor tokens)
    {
        byte algorithm = tokens.NextUInt8("hash algorithm");
        byte flags = tokens.NextUInt8("flags");
        ushort iterations = tokens.NextUInt16("iterations");
        string salt = tokens.NextPlain("salt");
        byte[] bytes = salt == "-" ? [] : tokens.ParseHex(salt, "salt");
        if (bytes.Length > 255)
        {
            throw tokens.Error("salt", "is longer than 255 octets");
        }

        return new Nsec3Parameters(algorithm, flags, iterations, bytes);
    }
}

/// <summary>The NSEC3 parameters of a zone, published at its apex (RFC 5155 §4).</summary>
public sealed class Nsec3ParamRData : RData
{
    private readonly byte[] _salt;

    public Nsec3ParamRData(Nsec3Parameters parameters)
    {
        if (parameters.Salt.Length > 255)
        {
            throw new ArgumentException("the salt is at most 255 octets", nameof(parameters));
        }

        HashAlgorithm = parameters.HashAlgorithm;
        Flags = parameters.Flags;
        Iterations = parameters.Iterations;
        _salt = parameters.Salt.ToArray();
    }

    public override RecordType Type => RecordType.NSEC3PARAM;

    public byte HashAlgorithm { get; }

    public byte Flags { get; }

    public ushort Iterations { get; }

    public ReadOnlyMemory<byte> Salt => _salt;

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(_salt);
    }

    public override string ToString() => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} ")
        .AppendSalt(_salt).ToString();

    public override bool Equals(RData? other) =>
        other is Nsec3ParamRData n && n.HashAlgorithm == HashAlgorithm && n.Flags == Flags
        && n.Iterations == Iterations && n._salt.AsSpan().SequenceEqual(_salt);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(HashAlgorithm);
        hash.Add(Flags);
        hash.Add(Iterations);
        hash.AddBytes(_salt);
        return hash.ToHashCode();
    }

    internal static Nsec3ParamRData Read(ref RDataCursor cursor) => new(Nsec3Parameters.Read(ref cursor));

    internal static Nsec3ParamRData Parse(ref TokenCursor tokens) => new(Nsec3Parameters.Parse(ref tokens));
}
