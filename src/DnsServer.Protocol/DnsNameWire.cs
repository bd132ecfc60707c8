using System.Text;

namespace DnsServer.Protocol;

/// <summary>
/// Operations on names in wire form held in spans, so that the query path can work on a name
/// without making a <see cref="DnsName"/>.
/// </summary>
public static class DnsNameWire
{
    /// <summary>RFC 1035 §4.1.4: the two high bits of a length byte that mark a pointer.</summary>
    private const byte PointerMask = 0xC0;

    /// <summary>
    /// Counts the labels of an uncompressed name and checks its limits; <paramref name="length"/>
    /// receives the bytes used, root byte included.
    /// </summary>
    public static int CountLabels(ReadOnlySpan<byte> wire, out int length)
    {
        int offset = 0;
        int labels = 0;
        while (true)
        {
            if ((uint)offset >= (uint)wire.Length)
            {
                throw new DnsFormatException("domain name runs past its end");
            }

            int labelLength = wire[offset];
            if (labelLength == 0)
            {
                length = offset + 1;
                if (length > DnsName.MaxLength)
                {
                    throw new DnsFormatException("domain name longer than 255 octets");
                }

                return labels;
            }

            if (labelLength > DnsName.MaxLabelLength)
            {
                throw new DnsFormatException("label longer than 63 octets or compressed");
            }

            labels++;
            offset += labelLength + 1;
        }
    }

    /// <summary>
    /// Reads a possibly compressed name from <paramref name="message"/> at <paramref name="offset"/>
    /// into <paramref name="destination"/> (at least 255 bytes) as uncompressed wire form.
    /// A pointer must point strictly before the place it is read from, which rules out loops
    /// (RFC 1035 §4.1.4 allows only prior occurrences).
    /// </summary>
    /// <param name="next">The offset just after the name in the message.</param>
    /// <returns>The number of bytes written to <paramref name="destination"/>.</returns>
    public static int Read(ReadOnlySpan<byte> message, int offset, Span<byte> destination, out int next)
    {
        int written = 0;
        next = -1;
        int position = offset;
        int lowestJump = offset;
        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                throw new DnsFormatException("domain name runs past the end of the message");
            }

            byte labelLength = message[position];
            if ((labelLength & PointerMask) == PointerMask)
            {
                if ((uint)(position + 1) >= (uint)message.Length)
                {
                    throw new DnsFormatException("compression pointer runs past the end of the message");
                }

                int target = ((labelLength & 0x3F) << 8) | message[position + 1];
                if (next < 0)
                {
                    next = position + 2;
                }

                if (target >= lowestJump)
                {
                    throw new DnsFormatException("compression pointer does not point backwards");
                }

                lowestJump = target;
                position = target;
                continue;
            }

            if ((labelLength & PointerMask) != 0)
            {
                throw new DnsFormatException("unknown label type");
            }

            if (written + labelLength + 1 > DnsName.MaxLength)
            {
                throw new DnsFormatException("domain name longer than 255 octets");
            }

            if (labelLength == 0)
            {
                destination[written++] = 0;
                if (next < 0)
                {
                    next = position + 1;
                }

                return written;
            }

            if ((uint)(position + 1 + labelLength) > (uint)message.Length)
            {
                throw new DnsFormatException("label runs past the end of the message");
            }

            message.Slice(position, labelLength + 1).CopyTo(destination[written..]);
            written += labelLength + 1;
            position += labelLength + 1;
        }
    }

    /// <summary>Skips a possibly compressed name and returns the offset after it, checking bounds only.</summary>
    public static int Skip(ReadOnlySpan<byte> message, int offset)
    {
        Span<byte> scratch = stackalloc byte[DnsName.MaxLength];
        Read(message, offset, scratch, out int next);
        return next;
    }

    public static bool EqualsIgnoreCase(this ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (int i = 0; i < left.Length; i++)
        {
            byte a = left[i];
            byte b = right[i];
            if (a != b && ToLower(a) != ToLower(b))
            {
                return false;
            }
        }

        return true;
    }

    public static bool EqualsIgnoreCase(this Span<byte> left, ReadOnlySpan<byte> right) =>
        EqualsIgnoreCase((ReadOnlySpan<byte>)left, right);

    public static byte ToLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    public static void ToLower(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = ToLower(source[i]);
        }
    }

    public static int GetHashCodeIgnoreCase(ReadOnlySpan<byte> wire)
    {
        // FNV-1a over lowered bytes: cheap, and equal names hash equally whatever their case.
        uint hash = 2166136261;
        foreach (byte b in wire)
        {
            hash = (hash ^ ToLower(b)) * 16777619;
        }

        return (int)hash;
    }

    /// <summary>Label order for RFC 4034 §6.1: octet strings with letters lowered, shorter first on a tie.</summary>
    public static int CompareLabels(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int i = 0; i < common; i++)
        {
            int c = ToLower(a[i]).CompareTo(ToLower(b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>
    /// Room enough for any name in presentation form: 254 octets of labels and length bytes, each
    /// label octet at most four characters (<c>\DDD</c>), each length byte one dot.
    /// </summary>
    public const int MaxPresentationLength = 1024;

    /// <summary>
    /// Writes an uncompressed name in presentation form (RFC 1035 §5.1) as ASCII into
    /// <paramref name="utf8Destination"/> without allocating: <c>\.</c> and <c>\\</c> for a dot
    /// or backslash inside a label, a backslash before <c>" ; ( ) @ $</c>, <c>\DDD</c> for octets
    /// outside printable ASCII, and a dot after each label; the root is <c>.</c>. Returns false
    /// when the destination is too short or the name runs past the end of <paramref name="wire"/>.
    /// </summary>
    public static bool TryFormat(ReadOnlySpan<byte> wire, Span<byte> utf8Destination, out int written)
    {
        written = 0;
        if (wire.Length <= 1)
        {
            return TryPut(utf8Destination, ref written, (byte)'.');
        }

        int offset = 0;
        while ((uint)offset < (uint)wire.Length && wire[offset] != 0)
        {
            int length = wire[offset];
            if (offset + 1 + length > wire.Length)
            {
                written = 0;
                return false;
            }

            foreach (byte b in wire.Slice(offset + 1, length))
            {
                if (!TryPutEscaped(utf8Destination, ref written, b))
                {
                    written = 0;
                    return false;
                }
            }

            if (!TryPut(utf8Destination, ref written, (byte)'.'))
            {
                written = 0;
                return false;
            }

            offset += length + 1;
        }

        return true;
    }

    /// <summary>The presentation form as a string.</summary>
    public static string ToPresentation(ReadOnlySpan<byte> wire)
    {
        Span<byte> text = stackalloc byte[MaxPresentationLength];
        if (!TryFormat(wire, text, out int written))
        {
            throw new DnsFormatException("domain name runs past its end");
        }

        return Encoding.ASCII.GetString(text[..written]);
    }

    private static bool TryPutEscaped(Span<byte> destination, ref int written, byte b)
    {
        switch (b)
        {
            case (byte)'.' or (byte)'\\' or (byte)'"' or (byte)';' or (byte)'(' or (byte)')' or (byte)'@' or (byte)'$':
                if ((uint)(written + 2) > (uint)destination.Length)
                {
                    return false;
                }

                destination[written] = (byte)'\\';
                destination[written + 1] = b;
                written += 2;
                return true;
            case < 0x21 or > 0x7E:
                if ((uint)(written + 4) > (uint)destination.Length)
                {
                    return false;
                }

                destination[written] = (byte)'\\';
                destination[written + 1] = (byte)('0' + (b / 100));
                destination[written + 2] = (byte)('0' + (b / 10 % 10));
                destination[written + 3] = (byte)('0' + (b % 10));
                written += 4;
                return true;
            default:
                return TryPut(destination, ref written, b);
        }
    }

    private static bool TryPut(Span<byte> destination, ref int written, byte b)
    {
        if ((uint)written >= (uint)destination.Length)
        {
            return false;
        }

        destination[written++] = b;
        return true;
    }
}
