using System.Globalization;
using System.Text;

namespace DnsServer.Protocol.Records;

/// <summary>
/// Presentation-format pieces shared by the RDATA types, written the way BIND's dig prints them:
/// hex in upper case and base64 both broken into 56-character chunks separated by a space.
/// </summary>
internal static class PresentationText
{
    /// <summary>dig (non-multiline style) breaks long hex and base64 fields every 56 characters.</summary>
    private const int ChunkLength = 56;

    private const string Base32HexAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    public static StringBuilder AppendCharacterString(this StringBuilder builder, ReadOnlySpan<byte> value)
    {
        builder.Append('"');
        foreach (byte b in value)
        {
            AppendStringByte(builder, b);
        }

        return builder.Append('"');
    }

    /// <summary>One octet inside a quoted string: <c>"</c> and <c>\</c> escaped, non-printables as \DDD.</summary>
    public static void AppendStringByte(StringBuilder builder, byte b)
    {
        if (b is (byte)'"' or (byte)'\\')
        {
            builder.Append('\\').Append((char)b);
        }
        else if (b is < 0x20 or > 0x7E)
        {
            builder.Append('\\').Append((b / 100).ToString(CultureInfo.InvariantCulture))
                .Append((b / 10 % 10).ToString(CultureInfo.InvariantCulture))
                .Append((b % 10).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append((char)b);
        }
    }

    public static StringBuilder AppendChunked(this StringBuilder builder, string text)
    {
        for (int i = 0; i < text.Length; i += ChunkLength)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(text, i, Math.Min(ChunkLength, text.Length - i));
        }

        return builder;
    }

    public static StringBuilder AppendHexChunked(this StringBuilder builder, ReadOnlySpan<byte> value) =>
        builder.AppendChunked(Convert.ToHexString(value));

    public static StringBuilder AppendBase64Chunked(this StringBuilder builder, ReadOnlySpan<byte> value) =>
        builder.AppendChunked(Convert.ToBase64String(value));

    /// <summary>Hex for a salt: upper case, and <c>-</c> for an empty one (RFC 5155 §3.3).</summary>
    public static StringBuilder AppendSalt(this StringBuilder builder, ReadOnlySpan<byte> salt) =>
        salt.IsEmpty ? builder.Append('-') : builder.Append(Convert.ToHexString(salt));

    /// <summary>Base32 with the extended hex alphabet, unpadded (RFC 4648 §7, RFC 5155 §3.3).</summary>
    public static string ToBase32Hex(ReadOnlySpan<byte> value)
    {
        var builder = new StringBuilder((value.Length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in value)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Base32HexAlphabet[(buffer >> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            builder.Append(Base32HexAlphabet[(buffer << (5 - bits)) & 0x1F]);
        }

        return builder.ToString();
    }

    public static bool TryFromBase32Hex(ReadOnlySpan<char> text, out byte[] value)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0;
        int bits = 0;
        value = [];
        foreach (char c in text)
        {
            int digit = Base32HexAlphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | digit) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        // Leftover bits must be zero padding of the last quantum, or the text is not canonical.
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0)
        {
            return false;
        }

        value = [.. bytes];
        return true;
    }

    /// <summary>The type list of NSEC, NSEC3 and CSYNC: mnemonics separated by spaces.</summary>
    public static StringBuilder AppendTypes(this StringBuilder builder, IReadOnlyList<RecordType> types)
    {
        foreach (var type in types)
        {
            builder.Append(' ').Append(RecordTypeText.ToText(type));
        }

        return builder;
    }

    public static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
