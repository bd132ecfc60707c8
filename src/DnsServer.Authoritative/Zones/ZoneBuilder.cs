using System.Collections.Frozen;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Zones;

/// <summary>
/// Builds a zone snapshot from records: groups them into RRsets, adds the empty non-terminals,
/// and computes once the facts every lookup needs (cuts, DNAME redirections, wildcard children).
/// Records outside the origin are left out; the zone checks report them.
/// </summary>
internal sealed class ZoneBuilder
{
    private readonly DnsName _origin;
    private readonly Dictionary<DnsName, Dictionary<RecordType, RRsetBuilder>> _names = [];
    private int _recordCount;

    private readonly string _source;

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

        if (!_names.TryGetValue(record.Name, out var types))
        {
            types = [];
            _names.Add(record.Name, types);
        }

        if (!types.TryGetValue(record.Type, out var set))
        {
            set = new RRsetBuilder(record.Name, record.Type, record.Class);
            types.Add(record.Type, set);
        }

        if (set.Add(record))
        {
            _recordCount++;
        }
    }

    public Zone Build()
    {
        var nodes = new Dictionary<byte[], ZoneNode>(WireNameComparer.Instance);
        foreach (var (name, types) in _names)
        {
            var sets = types.Values.Select(t => t.Build()).ToArray();
            nodes[name.ToLowerInvariant().Wire.ToArray()] = new ZoneNode(name, sets);
        }

        AddEmptyNonTerminals(nodes);
        var soa = (nodes.TryGetValue(_origin.ToLowerInvariant().Wire.ToArray(), out var apex) ? apex.Find(RecordType.SOA) : null)
            ?? throw new InvalidOperationException($"zone {_origin} has no SOA record at its apex");

        var frozen = nodes.ToFrozenDictionary(WireNameComparer.Instance);
        Adjust(frozen);
        return new Zone(_origin, frozen, soa, _recordCount, _source);
    }

    private void AddEmptyNonTerminals(Dictionary<byte[], ZoneNode> nodes)
    {
        foreach (var node in nodes.Values.ToArray())
        {
            for (var name = node.Name.Parent(); name.LabelCount >= _origin.LabelCount; name = name.Parent())
            {
                var key = name.ToLowerInvariant().Wire.ToArray();
                if (!nodes.TryAdd(key, new ZoneNode(name, [])))
                {
                    break;
                }

                if (name.LabelCount == _origin.LabelCount)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Computes delegation, DNAME, cut and wildcard facts, parents before children.</summary>
    private void Adjust(FrozenDictionary<byte[], ZoneNode> nodes)
    {
        var lookup = nodes.GetAlternateLookup<ReadOnlySpan<byte>>();
        foreach (var node in nodes.Values.OrderBy(n => n.Name.LabelCount))
        {
            bool apex = node.Name.LabelCount == _origin.LabelCount;
            node.IsDelegation = !apex && node.Find(RecordType.NS) is not null;
            node.Dname = node.Find(RecordType.DNAME);
            if (apex)
            {
                continue;
            }

            var parent = lookup[node.Name.Parent().ToLowerInvariant().Wire];
            node.Cut = parent.Cut ?? (parent.Dname is not null ? parent : null) ?? (node.IsDelegation ? node : null);
            if (node.Name.IsWildcard)
            {
                parent.Wildcard = node;
            }
        }
    }

    /// <summary>Collects one RRset, dropping duplicate records (RFC 2181 §5) and keeping the first TTL, as BIND does.</summary>
    private sealed class RRsetBuilder(DnsName name, RecordType type, RecordClass recordClass)
    {
        private readonly List<RData> _records = [];
        private uint? _ttl;

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
