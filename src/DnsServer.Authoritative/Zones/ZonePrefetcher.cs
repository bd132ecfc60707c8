using DnsServer.Pipeline;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// Prefetches the zone lookups of a batch in two passes: first every query's slot in its zone's
/// name table, then, those slots now on their way or cached, every node they lead to. The misses
/// of one pass overlap, so a batch of 32 waits for about two of them rather than 32 × 2.
/// </summary>
internal sealed class ZonePrefetcher(ZoneCatalogHolder catalogs) : IBatchPrefetcher
{
    /// <summary>Most queries of one batch looked at; the UDP loop hands over 32.</summary>
    private const int MaxBatch = 64;

    [ThreadStatic]
    private static Zone?[]? t_zones;

    public void Prefetch(ReadOnlySpan<QueryContext> batch)
    {
        var catalog = catalogs.Current;
        batch = batch[..Math.Min(batch.Length, MaxBatch)];
        var zones = t_zones ??= new Zone?[MaxBatch];
        Span<int> hashes = stackalloc int[batch.Length];
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < batch.Length; i++)
        {
            zones[i] = TryReadLowerQName(batch[i].Request.Span, name, out int length) && catalog.FindZone(name[..length]) is { } zone
                ? zone
                : null;
            if (zones[i] is { } found)
            {
                hashes[i] = found.PrefetchSlot(name[..length]);
            }
        }

        for (int i = 0; i < batch.Length; i++)
        {
            zones[i]?.PrefetchNode(hashes[i]);
            zones[i] = null;
        }
    }

    /// <summary>
    /// Reads the QNAME of a one-question request, lowered, without the checks the validation stage
    /// makes: a request it cannot read plainly (a pointer, a short message) is simply not prefetched.
    /// </summary>
    private static bool TryReadLowerQName(ReadOnlySpan<byte> request, Span<byte> destination, out int length)
    {
        length = 0;
        if (request.Length <= DnsHeader.Size || request[4] != 0 || request[5] != 1)
        {
            return false;
        }

        var wire = request[DnsHeader.Size..];
        int offset = 0;
        while (offset < wire.Length && offset < destination.Length)
        {
            int label = wire[offset];
            if (label == 0)
            {
                destination[offset] = 0;
                length = offset + 1;
                return true;
            }

            if (label > DnsName.MaxLabelLength || offset + label + 1 > Math.Min(wire.Length, destination.Length))
            {
                return false;
            }

            DnsNameWire.ToLower(wire.Slice(offset, label + 1), destination[offset..]);
            offset += label + 1;
        }

        return false;
    }
}
