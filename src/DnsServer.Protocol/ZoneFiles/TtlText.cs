namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// TTL values in zone files: plain seconds (RFC 1035 §5.1) or the BIND unit form
/// (<c>1h30m</c>, <c>1W2D</c>: s, m, h, d, w, case-insensitive), which NSD and Knot accept too.
/// </summary>
public static class TtlText
{
    /// <summary>RFC 2181 §8: a TTL is an unsigned 31-bit value.</summary>
    public const uint MaxTtl = int.MaxValue;

    /// <summary>True when <paramref name="text"/> looks like a TTL (starts with a digit): the field is then a TTL or an error, never a class or type.</summary>
    public static bool LooksLikeTtl(ReadOnlySpan<char> text) => text.Length > 0 && char.IsAsciiDigit(text[0]);

    /// <summary>Parses a TTL, or returns an error message naming what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out uint ttl, out string? error) =>
        TryParse(text, MaxTtl, out ttl, out error);

    /// <summary>
    /// Parses seconds in plain or unit form up to <paramref name="max"/>: TTLs stop at 2^31-1,
    /// while SOA timers (RFC 1035 §3.3.13) may use all 32 bits.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, uint max, out uint ttl, out string? error)
    {
        ttl = 0;
        error = null;
        if (text.Length == 0)
        {
            error = "empty TTL";
            return false;
        }

        ulong total = 0;
        ulong number = 0;
        bool haveDigits = false;
        bool haveUnit = false;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (ulong)(c - '0');
                haveDigits = true;
                if (number > max)
                {
                    return OutOfRange(text, out error);
                }

                continue;
            }

            ulong unit = UnitSeconds(c);
            if (unit == 0 || !haveDigits)
            {
                error = $"TTL '{text}' is not a number of seconds or a 1h30m form";
                return false;
            }

            total += number * unit;
            if (total > max)
            {
                return OutOfRange(text, out error);
            }

            number = 0;
            haveDigits = false;
            haveUnit = true;
        }

        if (haveDigits)
        {
            // A trailing bare number after units ("1h30") counts as seconds, as in BIND.
            total += number;
        }
        else if (!haveUnit)
        {
            error = $"TTL '{text}' is not a number";
            return false;
        }

        if (total > max)
        {
            return OutOfRange(text, out error);
        }

        ttl = (uint)total;
        return true;
    }

    private static bool OutOfRange(ReadOnlySpan<char> text, out string error)
    {
        error = $"TTL '{text}' is above 2147483647 (RFC 2181 §8)";
        return false;
    }

    private static ulong UnitSeconds(char c) => char.ToLowerInvariant(c) switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        'w' => 604800,
        _ => 0,
    };
}
