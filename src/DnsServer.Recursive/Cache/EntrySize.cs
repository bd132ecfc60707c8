using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Cache;

/// <summary>Estimates the bytes a cache entry holds: object overheads plus the records' wire size.</summary>
internal static class EntrySize
{
    /// <summary>The entry, its key, the RRset object and the dictionary node, roughly.</summary>
    private const int EntryOverhead = 200;

    /// <summary>An RData object's header and fields beyond its wire form, roughly.</summary>
    private const int RecordOverhead = 32;

    [ThreadStatic]
    private static byte[]? s_scratch;

    public static int Of(RRset? set, RRset? soa) => EntryOverhead + Records(set) + Records(soa);

    private static int Records(RRset? set)
    {
        if (set is null)
        {
            return 0;
        }

        var scratch = s_scratch ??= new byte[ushort.MaxValue];
        int size = set.Name.Wire.Length * 2;
        foreach (var record in set.Records)
        {
            var writer = new DnsMessageWriter(scratch);
            record.WriteTo(ref writer);
            size += RecordOverhead + writer.Position;
        }

        return size;
    }
}
