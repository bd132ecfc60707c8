using System.Collections.Frozen;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// The zones being served, as one immutable set. A reload or a change makes a new catalog and
/// <see cref="ZoneCatalogHolder"/> swaps it in; a query keeps the catalog it started with.
/// </summary>
internal sealed class ZoneCatalog
{
    private readonly FrozenDictionary<byte[], Zone> _zones;
    private readonly FrozenDictionary<byte[], Zone>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ZoneCatalog(IEnumerable<Zone> zones)
    {
        _zones = zones.ToFrozenDictionary(z => z.Origin.ToLowerWire(), WireNameComparer.Instance);
        _lookup = _zones.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public static ZoneCatalog Empty { get; } = new([]);

    public IEnumerable<Zone> Zones => _zones.Values;

    public int Count => _zones.Count;

    /// <summary>The zone with the longest origin that is a suffix of the lowered wire name, if any.</summary>
    public Zone? FindZone(ReadOnlySpan<byte> lowerName)
    {
        int offset = 0;
        while (true)
        {
            if (_lookup.TryGetValue(lowerName[offset..], out var zone))
            {
                return zone;
            }

            if (lowerName[offset] == 0)
            {
                return null;
            }

            offset += lowerName[offset] + 1;
        }
    }
}

/// <summary>Holds the current catalog; readers take it without a lock, a reload swaps it whole.</summary>
internal sealed class ZoneCatalogHolder
{
    private ZoneCatalog _current = ZoneCatalog.Empty;

    public ZoneCatalog Current => Volatile.Read(ref _current);

    /// <summary>Raised after each swap with the catalog before and the catalog now (journal, NOTIFY).</summary>
    public event Action<ZoneCatalog, ZoneCatalog>? Replaced;

    public void Replace(ZoneCatalog catalog)
    {
        var previous = Interlocked.Exchange(ref _current, catalog);
        Replaced?.Invoke(previous, catalog);
    }
}
