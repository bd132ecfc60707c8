using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>Which authoritative program runs a server of the mini-internet.</summary>
internal enum AuthoritativeKind
{
    Nsd,
    Knot,
}

/// <summary>One authoritative server: its program, the loopback addresses it answers on (port 53) and its zones.</summary>
internal sealed record AuthoritativeSpec(string Name, AuthoritativeKind Kind, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Zones);

/// <summary>
/// Who serves what in the mini-internet. Zone files are in <c>Recursive/Zones</c>, NAME.zone
/// (root.zone for the root). Every name server listens on port 53, since NS records carry no port;
/// the range 127.0.9.1–127.0.9.21 is used by nothing else in the tests.
/// </summary>
internal static class MiniInternetLayout
{
    public const int AuthoritativePort = 53;

    /// <summary>An NS address of flaky.test. where nothing listens.</summary>
    public static readonly IPAddress LameAddress = IPAddress.Parse("127.0.9.7");

    /// <summary>An NS address of flaky.test. served by a Knot that does not hold flaky.test. (REFUSED).</summary>
    public static readonly IPAddress RefusingAddress = IPAddress.Parse("127.0.9.8");

    public static readonly IPAddress UnboundAddress = IPAddress.Parse("127.0.9.20");

    public static readonly IPAddress OursAddress = IPAddress.Parse("127.0.9.21");

    public static readonly IReadOnlyList<AuthoritativeSpec> Servers =
    [
        new("nsd-root", AuthoritativeKind.Nsd, [Address(1)], ["."]),
        new("knot-root", AuthoritativeKind.Knot, [Address(2)], ["."]),
        new("nsd-tld", AuthoritativeKind.Nsd, [Address(3)], ["test.", "lab."]),
        new("knot-tld", AuthoritativeKind.Knot, [Address(4)], ["test.", "lab."]),
        new(
            "nsd-leaf",
            AuthoritativeKind.Nsd,
            [Address(5)],
            ["glued.test.", "glueless.test.", "differ.test.", "flaky.test.", "c1.test.", "c3.test.", "cl.test."]),
        new(
            "knot-leaf",
            AuthoritativeKind.Knot,
            [Address(6), RefusingAddress],
            ["glued.test.", "differ.test.", "hosting.lab.", "c2.lab.", "dname.lab.", "cl.lab.", "cache.lab."]),
    ];

    /// <summary>The zone the cache tests change and count; only knot-leaf serves it.</summary>
    public const string CacheZone = "cache.lab.";

    /// <summary>The root hints both resolvers start from (zone-file format, NS and A records).</summary>
    public const string RootHints = """
        .                     3600000 NS  a.root-servers.test.
        .                     3600000 NS  b.root-servers.test.
        a.root-servers.test.  3600000 A   127.0.9.1
        b.root-servers.test.  3600000 A   127.0.9.2

        """;

    /// <summary>The checked-in zone files (read from the source tree, copied before use).</summary>
    public static string ZoneSource => Path.Combine(RepositoryPaths.Root, "tests", "DnsServer.Integration.Tests", "Recursive", "Zones");

    /// <summary>The test scripts of this folder.</summary>
    public static string Script(string name) => Path.Combine(RepositoryPaths.Root, "tests", "DnsServer.Integration.Tests", "Recursive", "Scripts", name);

    public static string ZoneFileName(string origin) => origin == "." ? "root.zone" : origin.TrimEnd('.') + ".zone";

    private static IPAddress Address(int last) => IPAddress.Parse("127.0.9." + last);
}
