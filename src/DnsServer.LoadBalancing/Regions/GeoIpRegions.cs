using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MaxMind.Db;

namespace DnsServer.LoadBalancing.Regions;

/// <summary>
/// Reads a MaxMind DB once, at load time, into sorted address ranges labelled with the region codes
/// pools use (<c>continent.code</c> or <c>country.iso_code</c>). The reader allocates per lookup,
/// so the query path searches the flattened table instead and never touches the database.
/// </summary>
internal static class GeoIpRegions
{
    private const int MappedPrefixLength = 96;

    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    /// <summary>The ranges whose code is one of <paramref name="regionIndexes"/>' keys.</summary>
    public static List<RegionRange> Load(string path, string field, IReadOnlyDictionary<string, int> regionIndexes)
    {
        var ranges = new List<RegionRange>();
        using var reader = new Reader(path, FileAccessMode.MemoryMapped);
        string outer = string.Equals(field, "country", StringComparison.OrdinalIgnoreCase) ? "country" : "continent";
        string inner = outer == "country" ? "iso_code" : "code";
        foreach (var node in reader.FindAll<Dictionary<string, object>>())
        {
            if (node.Data is null || !node.Data.TryGetValue(outer, out var section) || section is not Dictionary<string, object> values
                || !values.TryGetValue(inner, out var code) || code is not string name
                || !regionIndexes.TryGetValue(name, out int region))
            {
                continue;
            }

            if (ToRange(node.Start, node.PrefixLength, region) is { } range)
            {
                ranges.Add(range);
            }
        }

        return ranges;
    }

    private static RegionRange? ToRange(IPAddress start, int prefixLength, int region)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        UInt128 network;
        if (start.AddressFamily == AddressFamily.InterNetwork)
        {
            start.TryWriteBytes(bytes, out _);
            network = MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes);
            prefixLength += prefixLength <= 32 ? MappedPrefixLength : 0;
        }
        else
        {
            start.TryWriteBytes(bytes, out _);
            network = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            if (network >> 32 == UInt128.Zero && prefixLength >= MappedPrefixLength)
            {
                // IPv4 held in the IPv6 tree at ::/96: move it where IPv4-mapped clients look.
                network |= MappedPrefix;
            }
            else if (network >> 32 == (UInt128)0xFFFF)
            {
                return null;
            }
        }

        return RegionRange.From(new Pipeline.Stages.AddressPrefix(network, prefixLength), region);
    }
}
