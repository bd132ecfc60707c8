using DnsServer.Pipeline.Stages;

namespace DnsServer.LoadBalancing.Regions;

/// <summary>An address range that belongs to a region: a configured prefix or a GeoIP network.</summary>
internal readonly record struct RegionRange(UInt128 Start, UInt128 End, int Region, int PrefixLength)
{
    public static RegionRange From(AddressPrefix prefix, int region)
    {
        var hostBits = prefix.Length == 0 ? UInt128.MaxValue : (UInt128.One << (128 - prefix.Length)) - UInt128.One;
        return new RegionRange(prefix.Network & ~hostBits, prefix.Network | hostBits, region, prefix.Length);
    }
}

/// <summary>Where a client's region came from.</summary>
public enum RegionSource
{
    /// <summary>No region: the client's address is in no configured prefix nor GeoIP network.</summary>
    None,

    /// <summary>A configured prefix of <see cref="Configuration.LoadBalancingOptions.Regions"/>.</summary>
    Prefix,

    /// <summary>The GeoIP database.</summary>
    GeoIp,
}

/// <summary>
/// Maps a client address (128-bit, IPv4 mapped) to a region: configured prefixes first, then the
/// GeoIP ranges. The ranges of each tier are disjoint and sorted, so a binary search over their
/// starts finds the only candidate; nothing is allocated per lookup.
/// </summary>
internal sealed class RegionMap
{
    private readonly RegionRange[] _prefixes;
    private readonly RegionRange[] _geoIp;

    public RegionMap(IReadOnlyList<string> names, IEnumerable<RegionRange> prefixes, IEnumerable<RegionRange> geoIp)
    {
        Names = names;
        _prefixes = Disjoint(prefixes);
        _geoIp = Disjoint(geoIp);
    }

    public static RegionMap Empty { get; } = new([], [], []);

    /// <summary>Region names by index: configured regions first, then GeoIP codes that pools use.</summary>
    public IReadOnlyList<string> Names { get; }

    public int PrefixCount => _prefixes.Length;

    public int GeoIpRangeCount => _geoIp.Length;

    public int IndexOf(string? name)
    {
        if (name is null)
        {
            return -1;
        }

        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Finds the region of the address; <paramref name="prefixLength"/> is in the 128-bit form.</summary>
    public RegionSource Find(UInt128 address, out int region, out int prefixLength)
    {
        if (Search(_prefixes, address, out region, out prefixLength))
        {
            return RegionSource.Prefix;
        }

        return Search(_geoIp, address, out region, out prefixLength) ? RegionSource.GeoIp : RegionSource.None;
    }

    private static bool Search(RegionRange[] ranges, UInt128 address, out int region, out int prefixLength)
    {
        int low = 0, high = ranges.Length - 1, found = -1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (ranges[middle].Start <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found >= 0 && address <= ranges[found].End)
        {
            region = ranges[found].Region;
            prefixLength = ranges[found].PrefixLength;
            return true;
        }

        region = -1;
        prefixLength = 0;
        return false;
    }

    /// <summary>Sorts the ranges and drops any range inside an earlier one (the builder rejects overlaps between regions).</summary>
    private static RegionRange[] Disjoint(IEnumerable<RegionRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Start).ThenBy(r => r.PrefixLength).ToList();
        var kept = new List<RegionRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (kept.Count > 0 && range.Start <= kept[^1].End)
            {
                continue;
            }

            kept.Add(range);
        }

        return [.. kept];
    }
}
