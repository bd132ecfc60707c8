namespace DnsServer.Integration.Tests.Differential;

/// <summary>
/// The queries sent to our server, NSD and Knot: each (name, type) over every transport of
/// <see cref="QueryTransport.All"/>. The zones are the repository's samples and Zones/diff.test.zone.
/// </summary>
internal static class DifferentialCases
{
    private static readonly (string QName, string QType, string Covers)[] Questions =
    [
        // Sample zones, as the README queries them.
        ("www.example.test.", "A", "answer, two records"),
        ("www.example.test.", "AAAA", "answer"),
        ("example.test.", "SOA", "apex SOA"),
        ("example.test.", "NS", "apex NS, glue not added (minimal responses)"),
        ("example.test.", "MX", "MX additional processing"),
        ("example.test.", "TXT", "apex TXT"),
        ("web.example.test.", "A", "CNAME"),
        ("portal.example.test.", "A", "CNAME chain"),
        ("_sip._udp.example.test.", "SRV", "SRV additional processing"),
        ("_ldap._tcp.example.test.", "SRV", "SRV with its own TTL"),
        ("info.example.test.", "TXT", "TXT with two strings"),
        ("x.apps.example.test.", "A", "wildcard"),
        ("x.apps.example.test.", "AAAA", "wildcard, no data"),
        ("api.apps.example.test.", "A", "name beside a wildcard"),
        ("host.lab.example.test.", "A", "referral with glue"),
        ("lab.example.test.", "NS", "referral at the cut"),
        ("ns1.lab.example.test.", "A", "glue name below the cut: referral"),
        ("nonexistent.example.test.", "A", "NXDOMAIN"),
        ("www.example.test.", "MX", "NODATA"),
        ("fast.example.test.", "A", "short TTL"),
        ("WwW.ExAmPlE.TeSt.", "A", "QNAME case preserved"),
        ("10.2.0.192.in-addr.arpa.", "PTR", "reverse zone"),
        ("99.2.0.192.in-addr.arpa.", "PTR", "reverse NXDOMAIN"),
        ("nothing.invalid.", "A", "not our zone: REFUSED"),

        // diff.test: CNAME chains.
        ("a1.diff.test.", "A", "in-zone CNAME chain"),
        ("a1.diff.test.", "CNAME", "CNAME asked for itself"),
        ("a1.diff.test.", "AAAA", "CNAME chain ending in no data"),
        ("dangling.diff.test.", "A", "CNAME to a name that does not exist"),
        ("to-sample.diff.test.", "A", "CNAME into another zone of the same server"),
        ("away.diff.test.", "A", "CNAME out of every zone"),

        // DNAME.
        ("www.dn.diff.test.", "A", "DNAME synthesis, target in the zone"),
        ("dn.diff.test.", "DNAME", "DNAME asked for itself"),
        ("dn.diff.test.", "A", "no data at the DNAME owner"),
        ("x.y.dn.diff.test.", "A", "DNAME to a name that does not exist"),
        ("www.dn-sample.diff.test.", "A", "DNAME into another zone of the same server"),

        // Wildcards and an empty non-terminal.
        ("host.wild.diff.test.", "A", "name beside a wildcard"),
        ("other.wild.diff.test.", "A", "wildcard"),
        ("other.wild.diff.test.", "TXT", "wildcard, second type"),
        ("other.wild.diff.test.", "MX", "wildcard, no data"),
        ("a.b.wild.diff.test.", "A", "wildcard two labels down"),
        ("x.wc.diff.test.", "A", "wildcard CNAME"),
        ("x.wc.diff.test.", "CNAME", "wildcard CNAME asked for itself"),
        ("q.ent.diff.test.", "A", "wildcard beside an empty non-terminal"),
        ("b.ent.diff.test.", "A", "empty non-terminal: NODATA"),
        ("z.b.ent.diff.test.", "A", "empty non-terminal blocks the wildcard: NXDOMAIN"),

        // Delegations and DS.
        ("sub.diff.test.", "NS", "referral, in-bailiwick glue and an out-of-bailiwick NS"),
        ("www.sub.diff.test.", "A", "referral below the cut"),
        ("ns1.sub.diff.test.", "A", "glue name: referral"),
        ("sub.diff.test.", "DS", "DS is the parent's: an answer"),
        ("nods.diff.test.", "DS", "delegation without DS: NODATA"),
        ("www.nods.diff.test.", "A", "referral without glue"),

        // Additional-section processing.
        ("mx.diff.test.", "MX", "MX targets in and out of the zone"),
        ("_svc._tcp.diff.test.", "SRV", "SRV target"),

        // Sizes: truncation.
        ("bigtxt.diff.test.", "TXT", "over 512, under 1232"),
        ("manya.diff.test.", "A", "40 A records: over 512, under 1232"),
        ("hugetxt.diff.test.", "TXT", "over 1232"),

        // Negative answers, apex, case, ANY.
        ("nothing.diff.test.", "A", "NXDOMAIN"),
        ("a3.diff.test.", "AAAA", "NODATA"),
        ("diff.test.", "NS", "apex NS, one name server out of the zone"),
        ("diff.test.", "SOA", "apex SOA"),
        ("A1.DiFf.TeSt.", "A", "QNAME case preserved through a CNAME chain"),
        ("a3.diff.test.", "ANY", "ANY"),
        ("diff.test.", "ANY", "ANY at the apex"),
        ("example.test.", "ANY", "ANY at the sample apex"),
    ];

    public static IReadOnlyList<DifferentialCase> All { get; } =
        [.. Questions.SelectMany(question => QueryTransport.All.Select(transport => new DifferentialCase(question.QName, question.QType, transport)))];

    public static DifferentialCase ById(string id) => All.Single(c => c.Id == id);
}
