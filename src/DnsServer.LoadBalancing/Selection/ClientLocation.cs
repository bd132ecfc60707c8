using DnsServer.LoadBalancing.Regions;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>
/// Where a query comes from, as the pools see it: an address (128-bit, IPv4 mapped) cut to the
/// source prefix used, and whether the answer's scope goes back in the Client Subnet option. The
/// region is looked up on first use and kept here for the rest of the query.
/// </summary>
internal struct ClientLocation
{
    /// <summary>IPv4-mapped addresses keep their 32 bits at the end of the 128.</summary>
    public const int MappedPrefixLength = 96;

    public ClientLocation(UInt128 address, bool isIPv4, int sourcePrefix, bool fromClientSubnet, bool echoScope)
    {
        Address = address;
        IsIPv4 = isIPv4;
        SourcePrefix = sourcePrefix;
        FromClientSubnet = fromClientSubnet;
        EchoScope = echoScope;
        Region = -1;
    }

    public UInt128 Address { get; }

    public bool IsIPv4 { get; }

    /// <summary>Bits of the address that may be used, in the family's own length (0–32 or 0–128).</summary>
    public int SourcePrefix { get; }

    public bool FromClientSubnet { get; }

    /// <summary>The query's Client Subnet option is used: the response carries the scope.</summary>
    public bool EchoScope { get; }

    public bool RegionResolved { get; private set; }

    public int Region { get; private set; }

    /// <summary>The prefix length of the matching region range, in the family's own length.</summary>
    public int RegionPrefix { get; private set; }

    public RegionSource RegionSource { get; private set; }

    public int FamilyOffset => IsIPv4 ? MappedPrefixLength : 0;

    public void ResolveRegion(RegionMap map)
    {
        if (RegionResolved)
        {
            return;
        }

        RegionResolved = true;
        if (SourcePrefix == 0)
        {
            Region = -1;
            RegionSource = RegionSource.None;
            return;
        }

        RegionSource = map.Find(Address, out int region, out int prefix);
        Region = region;
        RegionPrefix = Math.Max(0, prefix - FamilyOffset);
    }
}
