using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// The presentation form of SvcParams (RFC 9460 §2.1, §7): <c>key=value</c>, with value lists
/// separated by commas, printed in the order and quoting dig uses.
/// </summary>
internal static class SvcParamText
{
    // RFC 9460 §14.3.2 registry; dohpath is RFC 9461 §5, ohttp RFC 9540 §4.
    public const ushort Mandatory = 0;
    public const ushort Alpn = 1;
    public const ushort NoDefaultAlpn = 2;
    public const ushort Port = 3;
    public const ushort IPv4Hint = 4;
    public const ushort Ech = 5;
    public const ushort IPv6Hint = 6;
    public const ushort DohPath = 7;
    public const ushort Ohttp = 8;

    /// <summary>RFC 9460 §14.3.2: key 65535 is reserved as the "invalid key".</summary>
    public const ushort InvalidKey = 65535;

    private static readonly string[] Names =
        ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp"];

    public static string KeyName(ushort key) =>
        key < Names.Length ? Names[key] : "key" + key.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseKey(ReadOnlySpan<char> text, out ushort key)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (text.Equals(Names[i], StringComparison.OrdinalIgnoreCase))
            {
                key = (ushort)i;
                return true;
            }
        }

        key = 0;
        return text.StartsWith("key", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out key)
            && key != InvalidKey;
    }

    /// <summary>Checks a value against its key's wire format (RFC 9460 §7, §8).</summary>
    public static void Validate(RecordType type, SvcParam parameter)
    {
        var value = parameter.Value.Span;
        bool valid = parameter.Key switch
        {
            Mandatory => value.Length >= 2 && value.Length % 2 == 0 && MandatoryKeysValid(value),
            Alpn => AlpnValid(value),
            NoDefaultAlpn or Ohttp => value.IsEmpty,
            Port => value.Length == 2,
            IPv4Hint => value.Length >= 4 && value.Length % 4 == 0,
            IPv6Hint => value.Length >= 16 && value.Length % 16 == 0,
            Ech or DohPath => !value.IsEmpty,
            InvalidKey => false,
            _ => true,
        };
        if (!valid)
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(type)} SvcParam {KeyName(parameter.Key)} has an invalid value");
        }
    }

    private static bool MandatoryKeysValid(ReadOnlySpan<byte> value)
    {
        int last = -1;
        for (int i = 0; i < value.Length; i += 2)
        {
            int key = BinaryPrimitives.ReadUInt16BigEndian(value[i..]);
            if (key <= last || key == Mandatory)
            {
                return false;
            }

            last = key;
        }

        return true;
    }

    private static bool AlpnValid(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        while (!value.IsEmpty)
        {
            int length = value[0];
            if (length == 0 || length + 1 > value.Length)
            {
                return false;
            }

            value = value[(length + 1)..];
        }

        return true;
    }

    public static void Append(StringBuilder builder, SvcParam parameter)
    {
        builder.Append(KeyName(parameter.Key));
        var value = parameter.Value.Span;
        switch (parameter.Key)
        {
            case NoDefaultAlpn or Ohttp:
                return;
            case Mandatory:
                builder.Append('=');
                for (int i = 0; i < value.Length; i += 2)
                {
                    builder.Append(i == 0 ? "" : ",").Append(KeyName(BinaryPrimitives.ReadUInt16BigEndian(value[i..])));
                }

                return;
            case Alpn:
                builder.Append("=\"");
                AppendAlpn(builder, value);
                builder.Append('"');
                return;
            case Port:
                builder.Append('=').Append(BinaryPrimitives.ReadUInt16BigEndian(value));
                return;
            case IPv4Hint or IPv6Hint:
                int size = parameter.Key == IPv4Hint ? 4 : 16;
                builder.Append('=');
                for (int i = 0; i < value.Length; i += size)
                {
                    builder.Append(i == 0 ? "" : ",").Append(new IPAddress(value.Slice(i, size)));
                }

                return;
            case Ech:
                builder.Append('=').Append(Convert.ToBase64String(value));
                return;
            default:
                if (!value.IsEmpty)
                {
                    builder.Append('=').AppendCharacterString(value);
                }

                return;
        }
    }

    /// <summary>
    /// ALPN ids joined by commas; a comma or backslash inside an id is escaped twice over, once for
    /// the value list and once for the character-string (RFC 9460 Appendix A.1).
    /// </summary>
    private static void AppendAlpn(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        bool first = true;
        while (!value.IsEmpty)
        {
            int length = value[0];
            if (!first)
            {
                builder.Append(',');
            }

            foreach (byte b in value.Slice(1, length))
            {
                if (b is (byte)',' or (byte)'\\')
                {
                    builder.Append(@"\\");
                }

                PresentationText.AppendStringByte(builder, b);
            }

            first = false;
            value = value[(length + 1)..];
        }
    }

    public static SvcParam Parse(ref TokenCursor tokens)
    {
        var token = tokens.Next("SvcParam");
        string text = token.Text;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string keyText = equals < 0 ? text : text[..equals];
        if (token.Quoted || !TryParseKey(keyText, out ushort key))
        {
            throw tokens.Error("SvcParam", $"has an unknown key: {keyText}");
        }

        string? valueText = null;
        if (equals >= 0)
        {
            valueText = text[(equals + 1)..];
            if (valueText.Length == 0 && !tokens.AtEnd && tokens.Peek().Quoted)
            {
                valueText = tokens.Next("SvcParam").Text;
            }
            else if (valueText.Length >= 2 && valueText[0] == '"' && valueText[^1] == '"')
            {
                valueText = valueText[1..^1];
            }
        }

        try
        {
            return new SvcParam(key, ParseValue(key, valueText));
        }
        catch (DnsFormatException e)
        {
            throw tokens.Error("SvcParam", $"{KeyName(key)} {e.Message}");
        }
    }

    private static byte[] ParseValue(ushort key, string? text)
    {
        if (key is NoDefaultAlpn or Ohttp)
        {
            return string.IsNullOrEmpty(text) ? [] : throw new DnsFormatException("takes no value");
        }

        if (string.IsNullOrEmpty(text))
        {
            return key > Ohttp ? [] : throw new DnsFormatException("needs a value");
        }

        return key switch
        {
            Mandatory => ParseMandatory(text),
            Alpn => ParseAlpn(TokenCursor.Unescape(text)),
            Port => ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
                ? [(byte)(port >> 8), (byte)port]
                : throw new DnsFormatException($"is not a port: {text}"),
            IPv4Hint => ParseList(text, 4),
            IPv6Hint => ParseList(text, 16),
            Ech => ParseBase64(text),
            _ => TokenCursor.Unescape(text),
        };
    }

    private static byte[] ParseMandatory(string text)
    {
        var keys = new List<ushort>();
        foreach (string name in text.Split(','))
        {
            if (!TryParseKey(name, out ushort key) || key == Mandatory)
            {
                throw new DnsFormatException($"lists an invalid key: {name}");
            }

            keys.Add(key);
        }

        keys.Sort();
        var bytes = new byte[keys.Count * 2];
        for (int i = 0; i < keys.Count; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1])
            {
                throw new DnsFormatException($"lists {KeyName(keys[i])} twice");
            }

            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i * 2), keys[i]);
        }

        return bytes;
    }

    private static byte[] ParseAlpn(byte[] unescaped)
    {
        var output = new List<byte>();
        var id = new List<byte>();
        for (int i = 0; i <= unescaped.Length; i++)
        {
            if (i == unescaped.Length || unescaped[i] == ',')
            {
                if (id.Count is 0 or > 255)
                {
                    throw new DnsFormatException("has an empty or over-long protocol id");
                }

                output.Add((byte)id.Count);
                output.AddRange(id);
                id.Clear();
                continue;
            }

            if (unescaped[i] == '\\' && i + 1 < unescaped.Length)
            {
                i++;
            }

            id.Add(unescaped[i]);
        }

        return [.. output];
    }

    private static byte[] ParseList(string text, int size)
    {
        var output = new List<byte>();
        Span<byte> bytes = stackalloc byte[16];
        foreach (string part in text.Split(','))
        {
            if (size == 4 && ARData.TryParseIPv4(part, out uint v4))
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, v4);
            }
            else if (size != 16 || !AaaaRData.TryParseIPv6(part, out var v6) || !v6.TryWriteBytes(bytes, out _))
            {
                throw new DnsFormatException($"has an invalid address: {part}");
            }

            output.AddRange(bytes[..size]);
        }

        return [.. output];
    }

    private static byte[] ParseBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new DnsFormatException("is not valid base64");
        }
    }

    /// <summary>Every key named by mandatory must be present, as RFC 9460 §8 requires of a zone.</summary>
    public static void CheckMandatory(RecordType type, List<SvcParam> parameters)
    {
        var mandatory = parameters.FirstOrDefault(p => p.Key == Mandatory).Value.Span;
        for (int i = 0; i + 1 < mandatory.Length; i += 2)
        {
            ushort key = BinaryPrimitives.ReadUInt16BigEndian(mandatory[i..]);
            if (!parameters.Exists(p => p.Key == key))
            {
                throw new DnsFormatException($"{RecordTypeText.ToText(type)} mandatory lists {KeyName(key)}, which is absent");
            }
        }
    }
}
