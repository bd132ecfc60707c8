using DnsServer.Protocol;

namespace DnsServer.Pipeline;

/// <summary>
/// What a stage that shapes authoritative answers (load-balancing policies) may ask about the
/// zones served, without depending on the project that serves them. Reads the current zones;
/// never blocks.
/// </summary>
public interface IZoneDirectory
{
    /// <summary>The origin of the zone that holds <paramref name="name"/> (longest match), or null.</summary>
    DnsName? FindZone(DnsName name);

    /// <summary>
    /// The SOA for the authority section of a negative answer from the zone holding the lowered
    /// wire name (RFC 2308 §3: TTL the lesser of the SOA's TTL and its MINIMUM).
    /// </summary>
    bool TryGetNegativeSoa(ReadOnlySpan<byte> lowerName, out ResponseRRset soa);
}
