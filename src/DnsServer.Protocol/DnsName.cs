namespace DnsServer.Protocol;

/// <summary>
/// A domain name, held as its uncompressed wire form (length-prefixed labels ending with the root's
/// zero byte). Case is preserved; equality, hashing and ordering ignore ASCII case only, as RFC 4343
/// asks. Any byte may appear in a label; the presentation form escapes what is not printable.
/// </summary>
public sealed class DnsName : IEquatable<DnsName>, IComparable<DnsName>
{
    /// <summary>RFC 1035 §2.3.4: a label is at most 63 octets.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets in wire form.</summary>
    public const int MaxLength = 255;

    private readonly byte[] _wire;

    public static DnsName Root { get; } = new([0], 0);

    private DnsName(byte[] wire, int labelCount)
    {
        _wire = wire;
        LabelCount = labelCount;
    }

    /// <summary>The uncompressed wire form, root byte included.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>The number of labels, the root not counted (so <c>example.com.</c> has 2).</summary>
    public int LabelCount { get; }

    public bool IsRoot => LabelCount == 0;

    /// <summary>Builds a name from its uncompressed wire form, checking every limit.</summary>
    public static DnsName FromWire(ReadOnlySpan<byte> wire)
    {
        var labels = DnsNameWire.CountLabels(wire, out int length);
        if (length != wire.Length)
        {
            throw new DnsFormatException("bytes after the end of a domain name");
        }

        return labels == 0 ? Root : new DnsName(wire.ToArray(), labels);
    }

    /// <summary>
    /// Parses a name in presentation form. A name that does not end with a dot is relative and is
    /// completed with <paramref name="origin"/>; without an origin it is taken as absolute.
    /// </summary>
    public static DnsName Parse(string text, DnsName? origin = null) => Parse(text.AsSpan(), origin);

    public static DnsName Parse(ReadOnlySpan<char> text, DnsName? origin = null)
    {
        if (text.Length == 0)
        {
            throw new DnsFormatException("empty domain name");
        }

        if (text is ".")
        {
            return Root;
        }

        Span<byte> buffer = stackalloc byte[MaxLength + MaxLabelLength + 2];
        int length = 0;
        int labels = 0;
        int labelStart = 0;
        bool absolute = false;
        buffer[0] = 0;
        int labelLength = 0;
        length = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    throw new DnsFormatException($"empty label in '{text}'");
                }

                buffer[labelStart] = (byte)labelLength;
                labels++;
                if (i == text.Length - 1)
                {
                    absolute = true;
                    break;
                }

                labelStart = length;
                buffer[length++] = 0;
                labelLength = 0;
                continue;
            }

            byte b;
            if (c == '\\')
            {
                b = ParseEscape(text, ref i);
            }
            else if (c > 0xFF)
            {
                throw new DnsFormatException($"non-ASCII character in '{text}' (use IDNA A-labels)");
            }
            else
            {
                b = (byte)c;
            }

            if (++labelLength > MaxLabelLength)
            {
                throw new DnsFormatException($"label longer than 63 octets in '{text}'");
            }

            if (length >= MaxLength)
            {
                throw new DnsFormatException($"name longer than 255 octets: '{text}'");
            }

            buffer[length++] = b;
        }

        if (!absolute)
        {
            buffer[labelStart] = (byte)labelLength;
            labels++;
        }

        var relative = buffer[..length];
        if (absolute || origin is null)
        {
            if (length + 1 > MaxLength)
            {
                throw new DnsFormatException($"name longer than 255 octets: '{text}'");
            }

            buffer[length] = 0;
            return new DnsName(buffer[..(length + 1)].ToArray(), labels);
        }

        if (length + origin._wire.Length > MaxLength)
        {
            throw new DnsFormatException($"name longer than 255 octets: '{text}' + '{origin}'");
        }

        var wire = new byte[length + origin._wire.Length];
        relative.CopyTo(wire);
        origin._wire.CopyTo(wire.AsSpan(length));
        return new DnsName(wire, labels + origin.LabelCount);
    }

    private static byte ParseEscape(ReadOnlySpan<char> text, ref int i)
    {
        if (i + 1 >= text.Length)
        {
            throw new DnsFormatException($"dangling backslash in '{text}'");
        }

        char next = text[i + 1];
        if (char.IsAsciiDigit(next))
        {
            if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
            {
                throw new DnsFormatException($"bad \\DDD escape in '{text}'");
            }

            int value = ((next - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
            if (value > 255)
            {
                throw new DnsFormatException($"\\DDD escape above 255 in '{text}'");
            }

            i += 3;
            return (byte)value;
        }

        if (next > 0xFF)
        {
            throw new DnsFormatException($"non-ASCII character in '{text}'");
        }

        i += 1;
        return (byte)next;
    }

    /// <summary>The label at <paramref name="index"/>, counted from the left (0 is the leftmost).</summary>
    public ReadOnlySpan<byte> GetLabel(int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++)
        {
            offset += _wire[offset] + 1;
        }

        return _wire.AsSpan(offset + 1, _wire[offset]);
    }

    /// <summary>The name with its <paramref name="count"/> leftmost labels removed.</summary>
    public DnsName RemoveLeftLabels(int count)
    {
        if (count <= 0)
        {
            return this;
        }

        if (count >= LabelCount)
        {
            return Root;
        }

        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            offset += _wire[offset] + 1;
        }

        return new DnsName(_wire[offset..], LabelCount - count);
    }

    public DnsName Parent() => RemoveLeftLabels(1);

    /// <summary>Prepends one label, e.g. <c>*</c> to make a wildcard owner.</summary>
    public DnsName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > MaxLabelLength || label.Length + 1 + _wire.Length > MaxLength)
        {
            throw new DnsFormatException("label or name too long");
        }

        var wire = new byte[label.Length + 1 + _wire.Length];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire.AsSpan(label.Length + 1));
        return new DnsName(wire, LabelCount + 1);
    }

    /// <summary>
    /// Replaces the suffix <paramref name="oldSuffix"/> with <paramref name="newSuffix"/> (DNAME
    /// substitution, RFC 6672 §2.2). Returns null when the result would exceed 255 octets.
    /// </summary>
    public DnsName? ReplaceSuffix(DnsName oldSuffix, DnsName newSuffix)
    {
        int prefixLength = _wire.Length - oldSuffix._wire.Length;
        if (prefixLength + newSuffix._wire.Length > MaxLength)
        {
            return null;
        }

        var wire = new byte[prefixLength + newSuffix._wire.Length];
        _wire.AsSpan(0, prefixLength).CopyTo(wire);
        newSuffix._wire.CopyTo(wire.AsSpan(prefixLength));
        return new DnsName(wire, LabelCount - oldSuffix.LabelCount + newSuffix.LabelCount);
    }

    /// <summary>True when this name equals <paramref name="other"/> or lies below it.</summary>
    public bool IsSubdomainOf(DnsName other)
    {
        if (other.LabelCount > LabelCount)
        {
            return false;
        }

        return RemoveLeftLabelsSpan(LabelCount - other.LabelCount).EqualsIgnoreCase(other._wire);
    }

    private ReadOnlySpan<byte> RemoveLeftLabelsSpan(int count)
    {
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            offset += _wire[offset] + 1;
        }

        return _wire.AsSpan(offset);
    }

    public bool IsWildcard => LabelCount > 0 && _wire[0] == 1 && _wire[1] == (byte)'*';

    /// <summary>The wire form with ASCII letters lowered, as a new array: the key form lookups use.</summary>
    public byte[] ToLowerWire()
    {
        var wire = new byte[_wire.Length];
        DnsNameWire.ToLower(_wire, wire);
        return wire;
    }

    /// <summary>A copy with ASCII letters lowered.</summary>
    public DnsName ToLowerInvariant()
    {
        var wire = new byte[_wire.Length];
        DnsNameWire.ToLower(_wire, wire);
        return new DnsName(wire, LabelCount);
    }

    public bool Equals(DnsName? other) =>
        other is not null && (ReferenceEquals(this, other) || _wire.AsSpan().EqualsIgnoreCase(other._wire));

    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    public override int GetHashCode() => DnsNameWire.GetHashCodeIgnoreCase(_wire);

    /// <summary>Canonical DNS name order (RFC 4034 §6.1): by labels from the right, case-insensitively.</summary>
    public int CompareTo(DnsName? other)
    {
        if (other is null)
        {
            return 1;
        }

        int common = Math.Min(LabelCount, other.LabelCount);
        for (int i = 1; i <= common; i++)
        {
            var a = GetLabel(LabelCount - i);
            var b = other.GetLabel(other.LabelCount - i);
            int c = DnsNameWire.CompareLabels(a, b);
            if (c != 0)
            {
                return c;
            }
        }

        return LabelCount.CompareTo(other.LabelCount);
    }

    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    public static bool operator <(DnsName left, DnsName right) => left.CompareTo(right) < 0;

    public static bool operator >(DnsName left, DnsName right) => left.CompareTo(right) > 0;

    public static bool operator <=(DnsName left, DnsName right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DnsName left, DnsName right) => left.CompareTo(right) >= 0;

    /// <summary>The presentation form, absolute (ending with a dot), escaped as dig prints it.</summary>
    public override string ToString() => DnsNameWire.ToPresentation(_wire);
}
