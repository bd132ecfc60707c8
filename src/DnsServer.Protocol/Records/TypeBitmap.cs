namespace DnsServer.Protocol.Records;

/// <summary>
/// The type bitmap of NSEC and NSEC3 (RFC 4034 §4.1.2): windows of up to 32 octets, in
/// ascending window order, none empty and none with trailing zero octets.
/// </summary>
internal static class TypeBitmap
{
    public static byte[] Encode(IEnumerable<RecordType> types)
    {
        var sorted = types.Select(t => (ushort)t).Distinct().Order().ToArray();
        var output = new List<byte>();
        int i = 0;
        Span<byte> bits = stackalloc byte[32];
        while (i < sorted.Length)
        {
            int window = sorted[i] >> 8;
            bits.Clear();
            int used = 0;
            for (; i < sorted.Length && sorted[i] >> 8 == window; i++)
            {
                int low = sorted[i] & 0xFF;
                bits[low >> 3] |= (byte)(0x80 >> (low & 7));
                used = (low >> 3) + 1;
            }

            output.Add((byte)window);
            output.Add((byte)used);
            output.AddRange(bits[..used]);
        }

        return [.. output];
    }

    public static RecordType[] Decode(RecordType owner, ReadOnlySpan<byte> bitmap)
    {
        var types = new List<RecordType>();
        int lastWindow = -1;
        while (!bitmap.IsEmpty)
        {
            if (bitmap.Length < 2)
            {
                throw Error(owner, "window header is cut short");
            }

            int window = bitmap[0];
            int length = bitmap[1];
            if (window <= lastWindow)
            {
                throw Error(owner, "windows are not in ascending order");
            }

            if (length is 0 or > 32 || (uint)(length + 2) > (uint)bitmap.Length)
            {
                throw Error(owner, "window length is invalid");
            }

            var bits = bitmap.Slice(2, length);
            if (bits[^1] == 0)
            {
                throw Error(owner, "window ends with a zero octet");
            }

            for (int octet = 0; octet < length; octet++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((bits[octet] & (0x80 >> bit)) != 0)
                    {
                        types.Add((RecordType)((window << 8) | (octet << 3) | bit));
                    }
                }
            }

            lastWindow = window;
            bitmap = bitmap[(length + 2)..];
        }

        return [.. types];
    }

    private static DnsFormatException Error(RecordType owner, string problem) =>
        new($"{RecordTypeText.ToText(owner)} type bitmap {problem}");

    public static RecordType[] Parse(ref TokenCursor tokens)
    {
        var types = new List<RecordType>();
        while (!tokens.AtEnd)
        {
            string text = tokens.NextPlain("type list");
            if (!RecordTypeText.TryParse(text, out var type))
            {
                throw tokens.Error("type list", $"has an unknown type: {text}");
            }

            types.Add(type);
        }

        return [.. types.Distinct().Order()];
    }
}
