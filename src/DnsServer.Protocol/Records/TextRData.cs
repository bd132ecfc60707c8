using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// RDATA made of one or more character-strings (RFC 1035 §3.3), each at most 255 octets.
/// Compared byte for byte: these types embed no names.
/// </summary>
public abstract class CharacterStringsRData : RData
{
    private readonly byte[][] _strings;

    private protected CharacterStringsRData(IEnumerable<ReadOnlyMemory<byte>> strings)
    {
        _strings = [.. strings.Select(s => s.ToArray())];
        if (_strings.Length == 0)
        {
            throw new ArgumentException("at least one character-string is needed", nameof(strings));
        }

        if (_strings.Any(s => s.Length > 255))
        {
            throw new ArgumentException("a character-string is at most 255 octets", nameof(strings));
        }
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Strings => [.. _strings.Select(s => (ReadOnlyMemory<byte>)s)];

    /// <summary>The strings joined without separators, as SPF and DKIM readers treat TXT (RFC 7208 §3.3).</summary>
    public string JoinedText => string.Concat(_strings.Select(s => Encoding.UTF8.GetString(s)));

    public override void WriteTo(ref DnsMessageWriter writer)
    {
        foreach (var s in _strings)
        {
            writer.WriteCharacterString(s);
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var s in _strings)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.AppendCharacterString(s);
        }

        return builder.ToString();
    }

    public override bool Equals(RData? other) =>
        other is CharacterStringsRData c && c.Type == Type && c._strings.Length == _strings.Length
        && c._strings.Zip(_strings).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        foreach (var s in _strings)
        {
            hash.AddBytes(s);
            hash.Add(s.Length);
        }

        return hash.ToHashCode();
    }

    internal static List<ReadOnlyMemory<byte>> ReadStrings(ref RDataCursor cursor)
    {
        var strings = new List<ReadOnlyMemory<byte>>();
        do
        {
            strings.Add(cursor.ReadCharacterString("character-string").ToArray());
        }
        while (!cursor.AtEnd);
        return strings;
    }

    internal static List<ReadOnlyMemory<byte>> ParseStrings(ref TokenCursor tokens)
    {
        var strings = new List<ReadOnlyMemory<byte>>();
        do
        {
            strings.Add(tokens.NextCharacterString("character-string"));
        }
        while (!tokens.AtEnd);
        return strings;
    }

    private protected static IEnumerable<ReadOnlyMemory<byte>> Utf8(IEnumerable<string> strings) =>
        strings.Select(s => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(s));
}

/// <summary>Descriptive text (RFC 1035 §3.3.14).</summary>
public sealed class TxtRData : CharacterStringsRData
{
    public TxtRData(IEnumerable<ReadOnlyMemory<byte>> strings)
        : base(strings)
    {
    }

    public TxtRData(params string[] strings)
        : base(Utf8(strings))
    {
    }

    public override RecordType Type => RecordType.TXT;

    internal static TxtRData Read(ref RDataCursor cursor) => new(ReadStrings(ref cursor));

    internal static TxtRData Parse(ref TokenCursor tokens) => new(ParseStrings(ref tokens));
}

/// <summary>The retired SPF type (RFC 7208 §3.1), shaped like TXT.</summary>
public sealed class SpfRData : CharacterStringsRData
{
    public SpfRData(IEnumerable<ReadOnlyMemory<byte>> strings)
        : base(strings)
    {
    }

    public SpfRData(params string[] strings)
        : base(Utf8(strings))
    {
    }

    public override RecordType Type => RecordType.SPF;

    internal static SpfRData Read(ref RDataCursor cursor) => new(ReadStrings(ref cursor));

    internal static SpfRData Parse(ref TokenCursor tokens) => new(ParseStrings(ref tokens));
}

/// <summary>Host information: CPU and OS, exactly two character-strings (RFC 1035 §3.3.2).</summary>
public sealed class HInfoRData : CharacterStringsRData
{
    public HInfoRData(ReadOnlyMemory<byte> cpu, ReadOnlyMemory<byte> os)
        : base([cpu, os])
    {
    }

    public HInfoRData(string cpu, string os)
        : base(Utf8([cpu, os]))
    {
    }

    public override RecordType Type => RecordType.HINFO;

    public ReadOnlyMemory<byte> Cpu => Strings[0];

    public ReadOnlyMemory<byte> OS => Strings[1];

    internal static HInfoRData Read(ref RDataCursor cursor) =>
        new(cursor.ReadCharacterString("CPU").ToArray(), cursor.ReadCharacterString("OS").ToArray());

    internal static HInfoRData Parse(ref TokenCursor tokens) =>
        new(tokens.NextCharacterString("CPU"), tokens.NextCharacterString("OS"));
}
