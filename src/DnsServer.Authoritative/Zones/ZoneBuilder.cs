using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// Builds a zone snapshot from records: groups them into RRsets, adds the empty non-terminals,
/// and computes once the facts every lookup needs (cuts, DNAME redirections, wildcard children).
/// Records outside the origin are left out; the zone checks report them. Built to load a
/// million-record zone in seconds: one entry per name while collecting, keys made once.
/// </summary>
internal sealed class ZoneBuilder
{
    private readonly DnsName _origin;
    private readonly string _source;
    private readonly Dictionary<byte[], NodeBuilder> _names = new(WireNameComparer.Instance);
    private int _recordCount;

    public ZoneBuilder(DnsName origin, string source)
    {
        _origin = origin;
        _source = source;
    }

    public void Add(ResourceRecord record)
    {
        if (!record.Name.IsSubdomainOf(_origin))
        {
            return;
        }

        var key = record.Name.ToLowerWire();
        if (!_names.TryGetValue(key, out var node))
        {
            node = new NodeBuilder(record.Name);
            _names.Add(key, node);
        }

        if (node.Add(record))
        {
            _recordCount++;
        }
    }

    public Zone Build()
    {
        var nodes = new Dictionary<byte[], ZoneNode>(_names.Count, WireNameComparer.Instance);
        foreach (var (key, builder) in _names)
        {
            var node = new ZoneNode(builder.Name);
            node.Attach(builder.Build());
            nodes.Add(key, node);
        }

        _names.Clear();
        AddEmptyNonTerminals(nodes);
        var soa = (nodes.TryGetValue(_origin.ToLowerWire(), out var apex) ? apex.Find(RecordType.SOA) : null)
            ?? throw new InvalidOperationException($"zone {_origin} has no SOA record at its apex");

        var adjuster = new Adjuster(nodes, _origin.LabelCount);
        foreach (var (key, node) in nodes)
        {
            adjuster.Adjust(key, node);
        }

        return new Zone(_origin, nodes, soa, _recordCount, _source);
    }

    private void AddEmptyNonTerminals(Dictionary<byte[], ZoneNode> nodes)
    {
        var lookup = nodes.GetAlternateLookup<ReadOnlySpan<byte>>();
        var missing = new Dictionary<byte[], ZoneNode>(WireNameComparer.Instance);
        var missingLookup = missing.GetAlternateLookup<ReadOnlySpan<byte>>();
        foreach (var (key, node) in nodes)
        {
            // Walk up the lowered key label by label: no allocation for names that exist.
            int offset = key[0] + 1;
            for (int labels = node.Name.LabelCount - 1; labels >= _origin.LabelCount; labels--)
            {
                var parent = key.AsSpan(offset);
                if (lookup.ContainsKey(parent) || missingLookup.ContainsKey(parent))
                {
                    break;
                }

                missing.Add(parent.ToArray(), new ZoneNode(node.Name.RemoveLeftLabels(node.Name.LabelCount - labels), []));
                offset += key[offset] + 1;
            }
        }

        foreach (var (key, node) in missing)
        {
            nodes.Add(key, node);
        }
    }

    /// <summary>Computes delegation, DNAME, cut and wildcard facts, each parent before its children.</summary>
    private sealed class Adjuster(Dictionary<byte[], ZoneNode> nodes, int apexLabels)
    {
        private readonly Dictionary<byte[], ZoneNode>.AlternateLookup<ReadOnlySpan<byte>> _lookup =
            nodes.GetAlternateLookup<ReadOnlySpan<byte>>();

        private readonly HashSet<ZoneNode> _done = new(ReferenceEqualityComparer.Instance);

        public void Adjust(ReadOnlySpan<byte> key, ZoneNode node)
        {
            if (!_done.Add(node))
            {
                return;
            }

            bool apex = node.Name.LabelCount == apexLabels;
            node.IsDelegation = !apex && node.Find(RecordType.NS) is not null;
            node.Dname = node.Find(RecordType.DNAME);
            if (apex)
            {
                return;
            }

            var parentKey = key[(key[0] + 1)..];
            var parent = _lookup[parentKey];
            Adjust(parentKey, parent);
            node.Cut = parent.Cut ?? (parent.Dname is not null ? parent : null) ?? (node.IsDelegation ? node : null);
            if (node.Name.IsWildcard)
            {
                parent.Wildcard = node;
            }
        }
    }

    /// <summary>The RRsets of one name while records are collected; names seldom have more than a few types.</summary>
    private sealed class NodeBuilder(DnsName name)
    {
        private readonly List<RRsetBuilder> _sets = new(1);

        public DnsName Name { get; } = name;

        public bool Add(ResourceRecord record)
        {
            foreach (var set in _sets)
            {
                if (set.Type == record.Type && set.Class == record.Class)
                {
                    return set.Add(record);
                }
            }

            var created = new RRsetBuilder(Name, record.Type, record.Class);
            _sets.Add(created);
            return created.Add(record);
        }

        /// <summary>
        /// Builds the RRsets; called right after the node is made, so that they land in memory
        /// just behind it, where a lookup's prefetch of the node's lines finds them (see NodeTable).
        /// </summary>
        public RRset[] Build()
        {
            var built = new RRset[_sets.Count];
            for (int i = 0; i < built.Length; i++)
            {
                built[i] = _sets[i].Build();
            }

            return built;
        }
    }

    /// <summary>Collects one RRset, dropping duplicate records (RFC 2181 §5) and keeping the first TTL, as BIND does.</summary>
    private sealed class RRsetBuilder(DnsName name, RecordType type, RecordClass recordClass)
    {
        private readonly List<RData> _records = new(1);
        private uint? _ttl;

        public RecordType Type => type;

        public RecordClass Class => recordClass;

        public bool Add(ResourceRecord record)
        {
            // RFC 2181 §5.2: TTLs in an RRset must agree; the zone checks warn when they do not.
            _ttl ??= record.Ttl;
            if (_records.Contains(record.Data))
            {
                return false;
            }

            _records.Add(record.Data);
            return true;
        }

        public RRset Build() => new(name, type, recordClass, _ttl ?? 0, [.. _records]);
    }
}
