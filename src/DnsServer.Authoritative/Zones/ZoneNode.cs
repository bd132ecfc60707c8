using System.Runtime.CompilerServices;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// One name in a zone snapshot with its RRsets, and facts about its place in the tree computed
/// once when the snapshot is built (as Knot's <c>zone/adjust.c</c> does), so a lookup is a few
/// dictionary probes and field reads.
/// </summary>
internal sealed class ZoneNode
{
    /// <summary>How many set types <see cref="_firstTypes"/> holds.</summary>
    private const int PackedTypes = 4;

    /// <summary>The longest lowered name kept inside the node; most names of a lab zone fit.</summary>
    private const int InlineNameLength = 32;

    private RRset[] _sets = [];

    /// <summary>
    /// The types of the first four sets, 16 bits each: finding a type, or that it is absent (NODATA),
    /// reads this field instead of each RRset, which in a large zone is a cache miss apiece.
    /// </summary>
    private ulong _firstTypes;

    /// <summary>How many types <see cref="_firstTypes"/> holds: the sets, up to four.</summary>
    private byte _packedCount;

    /// <summary>The first set, read without the array: a name's only set is the common case.</summary>
    private RRset? _first;

    /// <summary>
    /// The lowered name a lookup compares, inside the node itself when short enough: the compare
    /// then reads the cache lines the node is on instead of waiting for one more.
    /// </summary>
    private readonly InlineName _shortName;
    private readonly byte _shortNameLength;
    private readonly byte[]? _longName;

    public ZoneNode(DnsName name, RRset[] sets)
        : this(name)
    {
        Attach(sets);
    }

    /// <summary>A node whose RRsets come next, by <see cref="Attach"/>: the zone builder makes them after the node.</summary>
    public ZoneNode(DnsName name)
    {
        Name = name;
        var wire = name.Wire;
        if (wire.Length <= InlineNameLength)
        {
            DnsNameWire.ToLower(wire, _shortName);
            _shortNameLength = (byte)wire.Length;
        }
        else
        {
            _longName = name.ToLowerWire();
        }
    }

    /// <summary>Gives the node its RRsets, once, while its snapshot is being built.</summary>
    public void Attach(RRset[] sets)
    {
        if (_sets.Length > 0)
        {
            throw new InvalidOperationException($"{Name} already has its RRsets");
        }

        _sets = sets;
        _packedCount = (byte)Math.Min(sets.Length, PackedTypes);
        for (int i = 0; i < _packedCount; i++)
        {
            _firstTypes |= (ulong)(ushort)sets[i].Type << (16 * i);
        }

        _first = sets.Length > 0 ? sets[0] : null;
    }

    public DnsName Name { get; }

    /// <summary>The name in wire form with ASCII letters lowered: the key lookups compare.</summary>
    public ReadOnlySpan<byte> LowerName =>
        _longName is not null ? _longName : ((ReadOnlySpan<byte>)_shortName)[.._shortNameLength];

    public ReadOnlySpan<RRset> Sets => _sets;

    /// <summary>An empty non-terminal: the name exists only because names below it do (RFC 4592 §2.2.2).</summary>
    public bool IsEmptyNonTerminal => _packedCount == 0;

    /// <summary>NS records below the apex make this node a zone cut (RFC 1034 §4.2.1).</summary>
    public bool IsDelegation { get; set; }

    public RRset? Dname { get; set; }

    /// <summary>
    /// The highest node at or above this one that takes its answers away: a delegation (this node
    /// or an ancestor) or a proper ancestor holding a DNAME. Null when the zone answers here.
    /// </summary>
    public ZoneNode? Cut { get; set; }

    /// <summary>The <c>*</c> child of this node, the source of synthesis below it (RFC 4592 §3.3.1).</summary>
    public ZoneNode? Wildcard { get; set; }

    public RRset? Find(RecordType type)
    {
        ulong packed = _firstTypes;
        if (_packedCount > 0 && (ushort)packed == (ushort)type)
        {
            return _first;
        }

        for (int i = 1; i < _packedCount; i++)
        {
            packed >>= 16;
            if ((ushort)packed == (ushort)type)
            {
                return _sets[i];
            }
        }

        if (_packedCount < PackedTypes)
        {
            return null;
        }

        var sets = _sets;
        for (int i = PackedTypes; i < sets.Length; i++)
        {
            if (sets[i].Type == type)
            {
                return sets[i];
            }
        }

        return null;
    }

    [InlineArray(InlineNameLength)]
    private struct InlineName
    {
        private byte _element;
    }
}
