using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using DnsServer.Recursive.Resolution;

namespace DnsServer.Recursive;

/// <summary>
/// Where resolution starts before priming has succeeded (RFC 8109 §3): the root's name servers and
/// their addresses, built in from IANA's <c>named.root</c> or read from a zone file
/// (<c>--root-hints FILE</c>: NS records for the root and A/AAAA records for their targets).
/// </summary>
public sealed class RootHints
{
    private RootHints(IReadOnlyList<DnsName> servers, IReadOnlyDictionary<DnsName, IReadOnlyList<IPAddress>> addresses)
    {
        Servers = servers;
        Addresses = addresses;
    }

    public IReadOnlyList<DnsName> Servers { get; }

    public IReadOnlyDictionary<DnsName, IReadOnlyList<IPAddress>> Addresses { get; }

    public int AddressCount => Addresses.Values.Sum(a => a.Count);

    internal ZoneCut ToZoneCut() => new(DnsName.Root, Servers, Addresses);

    /// <summary>IANA's named.root (last updated 2024-06-26): a to m.root-servers.net.</summary>
    public static RootHints BuiltIn { get; } = Parse(new StringReader(NamedRoot), "named.root");

    public static RootHints Load(string path)
    {
        using var reader = File.OpenText(path);
        return Parse(reader, path);
    }

    /// <summary>Reads hints in zone-file form; anything other than root NS records and addresses of their targets is ignored.</summary>
    public static RootHints Parse(TextReader text, string fileName)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = DnsName.Root, FileName = fileName, DefaultTtl = 3600000 });
        var records = reader.Read(text).Select(r => r.Record).ToList();
        if (reader.Errors.Count > 0)
        {
            throw new InvalidDataException($"root hints {fileName}: {reader.Errors[0]}");
        }

        var servers = records
            .Where(r => r.Data is NsRData && r.Name.IsRoot)
            .Select(r => ((NsRData)r.Data).Target)
            .Distinct()
            .ToList();
        var addresses = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
        foreach (var server in servers)
        {
            var list = records
                .Where(r => r.Name.Equals(server))
                .Select(r => r.Data switch { ARData a => a.Address, AaaaRData aaaa => aaaa.Address, _ => null })
                .OfType<IPAddress>()
                .ToList();
            if (list.Count > 0)
            {
                addresses[server] = list;
            }
        }

        if (addresses.Count == 0)
        {
            throw new InvalidDataException($"root hints {fileName}: no NS record for the root with an A or AAAA address");
        }

        return new RootHints(servers, addresses);
    }

    private const string NamedRoot = """
        .                        3600000      NS    A.ROOT-SERVERS.NET.
        A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4
        A.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:ba3e::2:30
        .                        3600000      NS    B.ROOT-SERVERS.NET.
        B.ROOT-SERVERS.NET.      3600000      A     170.247.170.2
        B.ROOT-SERVERS.NET.      3600000      AAAA  2801:1b8:10::b
        .                        3600000      NS    C.ROOT-SERVERS.NET.
        C.ROOT-SERVERS.NET.      3600000      A     192.33.4.12
        C.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2::c
        .                        3600000      NS    D.ROOT-SERVERS.NET.
        D.ROOT-SERVERS.NET.      3600000      A     199.7.91.13
        D.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2d::d
        .                        3600000      NS    E.ROOT-SERVERS.NET.
        E.ROOT-SERVERS.NET.      3600000      A     192.203.230.10
        E.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:a8::e
        .                        3600000      NS    F.ROOT-SERVERS.NET.
        F.ROOT-SERVERS.NET.      3600000      A     192.5.5.241
        F.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:2f::f
        .                        3600000      NS    G.ROOT-SERVERS.NET.
        G.ROOT-SERVERS.NET.      3600000      A     192.112.36.4
        G.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:12::d0d
        .                        3600000      NS    H.ROOT-SERVERS.NET.
        H.ROOT-SERVERS.NET.      3600000      A     198.97.190.53
        H.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:1::53
        .                        3600000      NS    I.ROOT-SERVERS.NET.
        I.ROOT-SERVERS.NET.      3600000      A     192.36.148.17
        I.ROOT-SERVERS.NET.      3600000      AAAA  2001:7fe::53
        .                        3600000      NS    J.ROOT-SERVERS.NET.
        J.ROOT-SERVERS.NET.      3600000      A     192.58.128.30
        J.ROOT-SERVERS.NET.      3600000      AAAA  2001:503:c27::2:30
        .                        3600000      NS    K.ROOT-SERVERS.NET.
        K.ROOT-SERVERS.NET.      3600000      A     193.0.14.129
        K.ROOT-SERVERS.NET.      3600000      AAAA  2001:7fd::1
        .                        3600000      NS    L.ROOT-SERVERS.NET.
        L.ROOT-SERVERS.NET.      3600000      A     199.7.83.42
        L.ROOT-SERVERS.NET.      3600000      AAAA  2001:500:9f::42
        .                        3600000      NS    M.ROOT-SERVERS.NET.
        M.ROOT-SERVERS.NET.      3600000      A     202.12.27.33
        M.ROOT-SERVERS.NET.      3600000      AAAA  2001:dc3::35
        """;
}
