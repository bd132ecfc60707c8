using System.Globalization;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// Walks the RDATA tokens of one zone-file record. Every failure is a <see cref="DnsFormatException"/>
/// whose message names the type and the field, such as "MX preference is not a number".
/// </summary>
internal ref struct TokenCursor
{
    private readonly ReadOnlySpan<ZoneToken> _tokens;
    private readonly DnsName _origin;
    private int _index;

    public TokenCursor(RecordType type, ReadOnlySpan<ZoneToken> tokens, DnsName origin)
    {
        Type = type;
        _tokens = tokens;
        _origin = origin;
        _index = 0;
    }

    public RecordType Type { get; }

    public readonly bool AtEnd => _index == _tokens.Length;

    public readonly int Remaining => _tokens.Length - _index;

    public readonly DnsFormatException Error(string field, string problem) =>
        new($"{RecordTypeText.ToText(Type)} {field} {problem}");

    public ZoneToken Next(string field)
    {
        if (_index >= _tokens.Length)
        {
            throw Error(field, "is missing");
        }

        return _tokens[_index++];
    }

    public readonly ZoneToken Peek() => _tokens[_index];

    /// <summary>An unquoted token without escapes, for numbers, mnemonics, hex and base64.</summary>
    public string NextPlain(string field)
    {
        var token = Next(field);
        if (token.Quoted || token.Text.Contains('\\', StringComparison.Ordinal))
        {
            throw Error(field, $"may not be quoted or escaped: {token}");
        }

        return token.Text;
    }

    public DnsName NextName(string field)
    {
        var token = Next(field);
        if (token.Text == "@" && !token.Quoted)
        {
            return _origin;
        }

        try
        {
            return DnsName.Parse(token.Text, _origin);
        }
        catch (DnsFormatException e)
        {
            throw Error(field, $"is not a valid name: {e.Message}");
        }
    }

    public byte NextUInt8(string field) => (byte)NextNumber(field, byte.MaxValue);

    public ushort NextUInt16(string field) => (ushort)NextNumber(field, ushort.MaxValue);

    public uint NextUInt32(string field) => (uint)NextNumber(field, uint.MaxValue);

    private long NextNumber(string field, uint max)
    {
        string text = NextPlain(field);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            throw Error(field, $"is not a number: {text}");
        }

        if (value > max)
        {
            throw Error(field, $"is out of range (0..{max}): {text}");
        }

        return (long)value;
    }

    /// <summary>
    /// A 32-bit time field such as the SOA timers: digits, or BIND's unit form (<c>1w2d3h4m5s</c>).
    /// </summary>
    public uint NextDuration(string field)
    {
        string text = NextPlain(field);
        if (!TryParseDuration(text, out uint value))
        {
            throw Error(field, $"is not a number or duration: {text}");
        }

        return value;
    }

    public static bool TryParseDuration(ReadOnlySpan<char> text, out uint value) =>
        ZoneFiles.TtlText.TryParse(text, uint.MaxValue, out value, out _);

    /// <summary>A character-string: escapes resolved, at most 255 octets (RFC 1035 §3.3).</summary>
    public byte[] NextCharacterString(string field)
    {
        var bytes = NextBytes(field);
        if (bytes.Length > 255)
        {
            throw Error(field, $"is longer than 255 octets ({bytes.Length})");
        }

        return bytes;
    }

    /// <summary>A token's octets with <c>\DDD</c> and <c>\X</c> escapes resolved, no length limit.</summary>
    public byte[] NextBytes(string field)
    {
        var token = Next(field);
        try
        {
            return Unescape(token.Text);
        }
        catch (DnsFormatException e)
        {
            throw Error(field, e.Message);
        }
    }

    public static byte[] Unescape(ReadOnlySpan<char> text)
    {
        var bytes = new byte[text.Length];
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    throw new DnsFormatException("ends with a lone backslash");
                }

                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        throw new DnsFormatException("has a \\DDD escape without three digits");
                    }

                    int value = ((text[i + 1] - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        throw new DnsFormatException("has a \\DDD escape above 255");
                    }

                    bytes[count++] = (byte)value;
                    i += 3;
                    continue;
                }

                c = text[++i];
            }

            if (c > 0xFF)
            {
                throw new DnsFormatException("has a non-ASCII character");
            }

            bytes[count++] = (byte)c;
        }

        return bytes.AsSpan(0, count).ToArray();
    }

    /// <summary>The remaining tokens joined, for base64 and hex fields that may be split by spaces.</summary>
    public string Rest(string field, bool allowEmpty = false)
    {
        if (AtEnd && !allowEmpty)
        {
            throw Error(field, "is missing");
        }

        var parts = new List<string>(Remaining);
        while (!AtEnd)
        {
            parts.Add(NextPlain(field));
        }

        return string.Concat(parts);
    }

    public byte[] RestBase64(string field)
    {
        string text = Rest(field);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Error(field, "is not valid base64");
        }
    }

    public byte[] RestHex(string field, bool allowEmpty = false)
    {
        string text = Rest(field, allowEmpty);
        return ParseHex(text, field);
    }

    public readonly byte[] ParseHex(string text, string field)
    {
        if (text.Length % 2 != 0)
        {
            throw Error(field, "has an odd number of hex digits");
        }

        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Error(field, $"is not valid hex: {text}");
        }
    }

    public readonly void EnsureEnd()
    {
        if (!AtEnd)
        {
            throw new DnsFormatException($"too many fields for {RecordTypeText.ToText(Type)}: '{_tokens[_index]}'");
        }
    }
}
