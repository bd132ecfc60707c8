using DnsServer.Protocol;

namespace DnsServer.Pipeline;

/// <summary>
/// The RRsets of one response section, in order. An RRset is never added twice (as NSD's
/// <c>answer_add_rrset</c>); the backing array is kept between queries.
/// </summary>
public sealed class ResponseSection
{
    private ResponseRRset[] _items = new ResponseRRset[8];

    public int Count { get; private set; }

    public ReadOnlySpan<ResponseRRset> Items => _items.AsSpan(0, Count);

    public ResponseRRset this[int index] => _items[index];

    /// <summary>Adds the RRset unless one with the same owner, type and class is already there.</summary>
    public bool Add(in ResponseRRset rrset)
    {
        if (Contains(rrset.Owner, rrset.Type, rrset.Class))
        {
            return false;
        }

        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = rrset;
        return true;
    }

    public bool Contains(DnsName? owner, RecordType type, RecordClass recordClass)
    {
        foreach (ref readonly var item in Items)
        {
            if (item.Type == type && item.Class == recordClass
                && (ReferenceEquals(item.Owner, owner) || (item.Owner is not null && owner is not null && item.Owner.Equals(owner))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces the entry at <paramref name="index"/>: for shaping stages.</summary>
    public void Replace(int index, in ResponseRRset rrset)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count);
        _items[index] = rrset;
    }

    public void Clear()
    {
        // Most responses leave two of the three sections empty: no call for those.
        if (Count > 0)
        {
            Array.Clear(_items, 0, Count);
            Count = 0;
        }
    }
}
