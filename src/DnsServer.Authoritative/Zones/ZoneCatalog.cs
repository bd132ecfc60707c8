namespace DnsServer.Authoritative.Zones;

/// <summary>
/// The zones being served, as one immutable set. A reload or a change makes a new catalog and
/// <see cref="ZoneCatalogHolder"/> swaps it in; a query keeps the catalog it started with.
/// </summary>
/// <remarks>
/// Every query looks its zone up here, so the lookup is kept small: a suffix of the QNAME is
/// hashed and looked up only when some origin has its length, which for most QNAMEs and catalogs
/// means once, and the table is open-addressed like <see cref="NodeTable"/>.
/// </remarks>
internal sealed class ZoneCatalog
{
    private readonly Zone[] _zones;
    private readonly Slot[] _slots;
    private readonly int _mask;

    /// <summary>Bit n set when some origin's wire form is n bytes long (1–255).</summary>
    private readonly ulong[] _originLengths = new ulong[4];

    public ZoneCatalog(IEnumerable<Zone> zones)
    {
        _zones = [.. zones];
        int capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, _zones.Length * 2));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        foreach (var zone in _zones)
        {
            byte[] origin = zone.Origin.ToLowerWire();
            int hash = NodeTable.Hash(origin);
            int index = hash & _mask;
            while (_slots[index].Zone is not null)
            {
                if (origin.AsSpan().SequenceEqual(_slots[index].Origin))
                {
                    throw new ArgumentException($"Zone {zone.Origin} is in the catalog twice", nameof(zones));
                }

                index = (index + 1) & _mask;
            }

            _slots[index] = new Slot(hash, origin, zone);
            _originLengths[origin.Length >> 6] |= 1UL << origin.Length;
        }
    }

    public static ZoneCatalog Empty { get; } = new([]);

    public IEnumerable<Zone> Zones => _zones;

    public int Count => _zones.Length;

    /// <summary>The zone with the longest origin that is a suffix of the lowered wire name, if any.</summary>
    public Zone? FindZone(ReadOnlySpan<byte> lowerName)
    {
        int offset = 0;
        while (offset < lowerName.Length)
        {
            var suffix = lowerName[offset..];
            if ((_originLengths[suffix.Length >> 6] & (1UL << suffix.Length)) != 0 && Find(suffix) is { } zone)
            {
                return zone;
            }

            if (suffix[0] == 0)
            {
                return null;
            }

            offset += suffix[0] + 1;
        }

        return null;
    }

    private Zone? Find(ReadOnlySpan<byte> origin)
    {
        int hash = NodeTable.Hash(origin);
        int index = hash & _mask;
        while (_slots[index].Zone is { } zone)
        {
            if (_slots[index].Hash == hash && origin.SequenceEqual(_slots[index].Origin))
            {
                return zone;
            }

            index = (index + 1) & _mask;
        }

        return null;
    }

    private readonly record struct Slot(int Hash, byte[] Origin, Zone? Zone);
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
