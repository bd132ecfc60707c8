namespace DnsServer.Authoritative.Transfers;

/// <summary>Serial number arithmetic (RFC 1982 §3.2) for the 32-bit SOA serial.</summary>
public static class SerialNumber
{
    /// <summary>True when <paramref name="a"/> is newer than <paramref name="b"/>; undefined pairs (2^31 apart) are not.</summary>
    public static bool IsNewer(uint a, uint b) =>
        a != b && ((a > b && a - b < 0x8000_0000u) || (a < b && b - a > 0x8000_0000u));

    /// <summary>True when <paramref name="a"/> is the same as or newer than <paramref name="b"/>.</summary>
    public static bool IsSameOrNewer(uint a, uint b) => a == b || IsNewer(a, b);
}
