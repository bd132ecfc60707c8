namespace DnsServer.Integration.Tests.Soak;

/// <summary>
/// The dnsperf query file: names of the sample zones with every kind of answer (NOERROR, CNAME,
/// wildcard, referral, NXDOMAIN, NODATA). None outside them, so no query can lead a resolver off
/// the machine.
/// </summary>
internal static class SoakQueries
{
    /// <summary>dnsperf's input format, one <c>NAME TYPE</c> a line; 20 lines, so <c>-n</c> counts in twenties.</summary>
    public static readonly string[] Lines =
    [
        "www.example.test A",
        "www.example.test AAAA",
        "example.test SOA",
        "example.test MX",
        "example.test NS",
        "mail.example.test A",
        "portal.example.test A",
        "_sip._udp.example.test SRV",
        "info.example.test TXT",
        "anything.apps.example.test A",
        "host.lab.example.test A",
        "missing.example.test A",
        "deep.missing.example.test AAAA",
        "www.example.test MX",
        "10.2.0.192.in-addr.arpa PTR",
        "99.2.0.192.in-addr.arpa PTR",
        "other.apps.example.test AAAA",
        "ns1.example.test AAAA",
        "web.example.test A",
        "fast.example.test A",
    ];

    /// <summary>Writes the query file into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "queries.txt");
        File.WriteAllLines(path, Lines);
        return path;
    }
}
