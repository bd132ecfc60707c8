using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// An immutable snapshot of one zone: its name table is never written after the build. Readers
/// never lock: a change builds a new snapshot and the catalog swaps it in (as Knot's
/// <c>zone_switch_contents</c>).
/// </summary>
internal sealed class Zone
{
    private readonly NodeTable _table;

    public Zone(DnsName origin, Dictionary<byte[], ZoneNode> nodes, RRset soa, int recordCount, string source)
    {
        Source = source;
        Origin = origin;
        _table = new NodeTable(nodes.Values);
        Soa = soa;
        RecordCount = recordCount;
        Apex = _table.Find(origin.ToLowerWire()) ?? throw new ArgumentException($"zone {origin} has no apex node", nameof(nodes));
        var soaData = (SoaRData)soa.Records[0];
        Serial = soaData.Serial;

        // RFC 2308 §3: the SOA of a negative answer carries min(SOA TTL, SOA MINIMUM).
        NegativeSoa = ResponseSoa(Math.Min(soa.Ttl, soaData.Minimum));
    }

    public DnsName Origin { get; }

    public ZoneNode Apex { get; }

    public RRset Soa { get; }

    public uint Serial { get; }

    public int RecordCount { get; }

    /// <summary>Where the zone came from, for logs and the API: a file path, or the API.</summary>
    public string Source { get; }

    public int NameCount => _table.Count;

    /// <summary>The SOA as it goes into the authority section of NXDOMAIN and NODATA answers.</summary>
    public Pipeline.ResponseRRset NegativeSoa { get; }

    public IEnumerable<ZoneNode> Nodes => _table.Nodes;

    private Pipeline.ResponseRRset ResponseSoa(uint ttl) => Pipeline.ResponseRRset.From(Soa, ttl);

    /// <summary>
    /// Finds the node of a lowered wire name in this zone, or else its closest encloser: the
    /// deepest existing ancestor (RFC 4592 §3.3.1). The apex always exists, so one of the two is set.
    /// </summary>
    public ZoneNode? Find(ReadOnlySpan<byte> lowerName, out ZoneNode closestEncloser)
    {
        if (_table.Find(lowerName) is { } node)
        {
            closestEncloser = node;
            return node;
        }

        int offset = 0;
        int stop = lowerName.Length - Origin.Wire.Length;
        while (offset < stop)
        {
            offset += lowerName[offset] + 1;
            if (_table.Find(lowerName[offset..]) is { } encloser)
            {
                closestEncloser = encloser;
                return null;
            }
        }

        closestEncloser = Apex;
        return null;
    }

    /// <inheritdoc cref="NodeTable.PrefetchSlot"/>
    public int PrefetchSlot(ReadOnlySpan<byte> lowerName) => _table.PrefetchSlot(lowerName);

    /// <inheritdoc cref="NodeTable.PrefetchNode(int)"/>
    public void PrefetchNode(int hash) => _table.PrefetchNode(hash);

    public ZoneNode? FindExact(ReadOnlySpan<byte> lowerName) => _table.Find(lowerName);
}
