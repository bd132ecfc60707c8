using System.Globalization;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// One question to a resolver and the answer the mini-internet's zones make right: rcode, answer
/// records written as zone-file text with their authoritative TTLs (a resolver may count down,
/// never up), and for a negative answer the zone whose SOA must come with it and its negative TTL
/// (RFC 2308 §5: the smaller of the SOA's TTL and MINIMUM). <see cref="Prime"/>, when set, is asked
/// first and its answer ignored, so that the case starts from a known cache state.
/// </summary>
internal sealed record ResolverCase(string Id, string What, string QName, string QType, string Rcode, string[] Answer, string? NegativeSoaZone = null, long NegativeTtl = 0)
{
    /// <summary>A question asked (name, type) before the case's own.</summary>
    public (string QName, string QType)? Prime { get; init; }

    public override string ToString() => Id;

    /// <summary>The expected answer records, parsed from <see cref="Answer"/>.</summary>
    public IReadOnlyList<ResolverRecord> ExpectedRecords => [.. Answer.Select(Parse)];

    public IReadOnlyList<string> ExpectedKeys => [.. ExpectedRecords.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>"owner TTL TYPE RDATA", lower-cased as resolver_client.py prints it.</summary>
    private static ResolverRecord Parse(string line)
    {
        var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        return new ResolverRecord(parts[0].ToLowerInvariant(), parts[2], long.Parse(parts[1], CultureInfo.InvariantCulture), parts[3].ToLowerInvariant());
    }
}

/// <summary>The questions every resolver under test is asked once; the zones are in Recursive/Zones.</summary>
internal static class ResolverCases
{
    public static readonly IReadOnlyList<ResolverCase> All =
    [
        new("glued", "delegation with in-bailiwick glue (test. -> glued.test., NSD and Knot)", "www.glued.test.", "A", "NOERROR",
            ["www.glued.test. 300 A 192.0.2.10", "www.glued.test. 300 A 192.0.2.11"]),
        new("glue-not-answer", "asked after www.glued.test. (the referral's glue, TTL 3600, is in the cache): the address comes from glued.test. itself, TTL 300", "ns2.glued.test.", "A", "NOERROR",
            ["ns2.glued.test. 300 A 127.0.9.6"]) { Prime = ("www.glued.test.", "A") },
        new("glueless", "glueless delegation: glueless.test.'s only NS is ns.hosting.lab., resolved on the side", "www.glueless.test.", "A", "NOERROR",
            ["www.glueless.test. 300 A 192.0.2.22"]),
        new("differ-host", "a name below the delegation whose NS sets differ", "www.differ.test.", "A", "NOERROR",
            ["www.differ.test. 300 A 192.0.2.30"]),
        new("differ-ns", "parent lists ns-parent, the child's apex ns-a and ns-b; asked after www.differ.test. (the referral is cached): the child's set is the answer", "differ.test.", "NS", "NOERROR",
            ["differ.test. 300 NS ns-a.differ.test.", "differ.test. 300 NS ns-b.differ.test."]) { Prime = ("www.differ.test.", "A") },
        new("flaky", "three NS: no listener at 127.0.9.7, REFUSED at 127.0.9.8, the zone at 127.0.9.5", "www.flaky.test.", "A", "NOERROR",
            ["www.flaky.test. 300 A 192.0.2.40"]),
        new("all-refused", "both NS answer REFUSED (127.0.9.8 Knot, 127.0.9.5 NSD; neither holds dead.test.)", "www.dead.test.", "A", "SERVFAIL", []),
        new("cname-chain", "CNAME chain across three zones on two servers (c1.test. -> c2.lab. -> c3.test.)", "www.c1.test.", "A", "NOERROR",
            ["www.c1.test. 300 CNAME www.c2.lab.", "www.c2.lab. 200 CNAME www.c3.test.", "www.c3.test. 100 A 192.0.2.33"]),
        new("cname-nxdomain", "CNAME into another zone to a name that does not exist", "dangling.c1.test.", "A", "NXDOMAIN",
            ["dangling.c1.test. 300 CNAME nothere.c3.test."], "c3.test.", 60),
        new("dname", "DNAME in dname.lab. into glued.test.: DNAME, synthesized CNAME, the target's A", "www.old.dname.lab.", "A", "NOERROR",
            ["old.dname.lab. 300 DNAME new.glued.test.", "www.old.dname.lab. 300 CNAME www.new.glued.test.", "www.new.glued.test. 300 A 192.0.2.44"]),
        new("nxdomain", "a name that does not exist", "nothere.glued.test.", "A", "NXDOMAIN", [], "glued.test.", 60),
        new("nodata", "a name without the type asked", "www.glued.test.", "AAAA", "NOERROR", [], "glued.test.", 60),
        new("mx", "an MX answer", "mail.glued.test.", "MX", "NOERROR", ["mail.glued.test. 300 MX 10 www.glued.test."]),
        new("truncated", "100 A records (1,645 bytes): truncated over UDP at the authoritative server, fetched over TCP", "many.hosting.lab.", "A", "NOERROR",
            [.. Enumerable.Range(1, 100).Select(i => string.Create(CultureInfo.InvariantCulture, $"many.hosting.lab. 300 A 198.51.100.{i}"))]),
    ];

    public static IEnumerable<object[]> Ids => All.Select(c => new object[] { c.Id });

    public static ResolverCase Get(string id) => All.Single(c => c.Id == id);
}
