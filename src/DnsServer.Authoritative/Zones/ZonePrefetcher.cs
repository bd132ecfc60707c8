using DnsServer.Pipeline;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// Prefetches zone lookups two steps ahead, software-pipelined over a batch: before query i is
/// answered, it asks for the table slot of query i + 2 and, that of query i + 1 having been asked
/// for a query ago, for the node the slot leads to. By the time a query is answered, its slot and
/// node have had one or two answers' time to arrive.
/// </summary>
internal sealed class ZonePrefetcher(ZoneCatalogHolder catalogs) : IBatchPrefetcher
{
    /// <summary>Most queries of one batch prefetched; the UDP loop hands over at most 32.</summary>
    private const int MaxBatch = 64;

    /// <summary>Per receive thread: the zone and name hash found for each query of the batch.</summary>
    [ThreadStatic]
    private static Zone?[]? t_zones;

    [ThreadStatic]
    private static int[]? t_hashes;

    public void Prefetch(ReadOnlySpan<QueryContext> batch, int index)
    {
        var zones = t_zones ??= new Zone?[MaxBatch];
        var hashes = t_hashes ??= new int[MaxBatch];
        if (index == 0)
        {
            StartSlot(batch, 0, zones, hashes);
            StartSlot(batch, 1, zones, hashes);
        }

        if (index + 1 < Math.Min(batch.Length, MaxBatch))
        {
            zones[index + 1]?.PrefetchNode(hashes[index + 1]);
        }

        StartSlot(batch, index + 2, zones, hashes);
        if (index < MaxBatch)
        {
            // Not held past its turn: a zone swapped out meanwhile is not kept alive by this.
            zones[index] = null;
        }
    }

    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private void StartSlot(ReadOnlySpan<QueryContext> batch, int index, Zone?[] zones, int[] hashes)
    {
        if (index >= Math.Min(batch.Length, MaxBatch))
        {
            return;
        }

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        if (TryReadLowerQName(batch[index].Request.Span, name, out int length) && catalogs.Current.FindZone(name[..length]) is { } zone)
        {
            zones[index] = zone;
            hashes[index] = zone.PrefetchSlot(name[..length]);
        }
        else
        {
            zones[index] = null;
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
