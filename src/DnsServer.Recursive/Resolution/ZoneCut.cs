using System.Net;
using DnsServer.Protocol;

namespace DnsServer.Recursive.Resolution;

/// <summary>
/// A zone cut being asked: the zone, the names of its servers, and the addresses known for them
/// (glue from the referral, inside the delegating zone's bailiwick, or from the cache).
/// </summary>
internal sealed class ZoneCut(DnsName zone, IReadOnlyList<DnsName> nameServers, IReadOnlyDictionary<DnsName, IReadOnlyList<IPAddress>> addresses)
{
    public DnsName Zone { get; } = zone;

    public IReadOnlyList<DnsName> NameServers { get; } = nameServers;

    public IReadOnlyDictionary<DnsName, IReadOnlyList<IPAddress>> Addresses { get; } = addresses;

    public override string ToString() => $"{Zone} ({NameServers.Count} NS)";
}

/// <summary>What one client query (or side query) asks for.</summary>
internal readonly record struct QueryTarget(DnsName Name, RecordType Type, RecordClass Class = RecordClass.IN);
