using DnsServer.Pipeline;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>
/// Per-thread arrays for answers drawn per query. Safe to hand out as slices because the response
/// is written on the same thread right after the stage returns, before the next query resets them.
/// </summary>
internal static class Scratch
{
    private const int Capacity = 256;

    [ThreadStatic]
    private static RData[]? s_records;

    [ThreadStatic]
    private static int s_used;

    [ThreadStatic]
    private static ResponseRRset[]? s_rrsets;

    public static void Reset() => s_used = 0;

    /// <summary>Space for <paramref name="count"/> records, valid until the next <see cref="Reset"/>.</summary>
    public static Memory<RData> Take(int count)
    {
        var records = s_records ??= new RData[Capacity];
        if (s_used + count > records.Length)
        {
            // A response with more drawn records than fit: rare enough to allocate.
            return new RData[count];
        }

        var slice = records.AsMemory(s_used, count);
        s_used += count;
        return slice;
    }

    public static ResponseRRset[] RRsets(int count)
    {
        var rrsets = s_rrsets ??= new ResponseRRset[32];
        return count <= rrsets.Length ? rrsets : (s_rrsets = new ResponseRRset[count]);
    }
}
