namespace DnsServer.Api.Zones;

/// <summary>SOA serial numbers: the next one after a change, compared with RFC 1982 serial arithmetic.</summary>
public static class SoaSerial
{
    /// <summary>RFC 1982 §2: SERIAL_BITS is 32, so half the number space is 2^31.</summary>
    private const uint HalfSpace = 1u << 31;

    /// <summary>
    /// The serial after <paramref name="current"/>: the date form <c>YYYYMMDD00</c> of
    /// <paramref name="today"/> when that is greater (RFC 1982) than the current serial, otherwise
    /// the current serial plus one, wrapping at 2^32 (RFC 1982 §3.1).
    /// </summary>
    public static uint Next(uint current, DateOnly today)
    {
        uint dated = (uint)(((today.Year * 100L) + today.Month) * 100 + today.Day) * 100;
        return IsGreater(dated, current) ? dated : unchecked(current + 1);
    }

    /// <summary>RFC 1982 §3.2: s1 is greater than s2.</summary>
    public static bool IsGreater(uint s1, uint s2) =>
        (s1 < s2 && s2 - s1 > HalfSpace) || (s1 > s2 && s1 - s2 < HalfSpace);
}
