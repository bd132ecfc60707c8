using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Transfers;

/// <summary>One version step of a zone (RFC 1995 §4): the records deleted and added between two SOAs.</summary>
internal sealed record ZoneDelta(ResourceRecord OldSoa, IReadOnlyList<ResourceRecord> Deleted, ResourceRecord NewSoa, IReadOnlyList<ResourceRecord> Added)
{
    public int Size => Deleted.Count + Added.Count + 2;
}

/// <summary>The changes between versions of a zone, for IXFR.</summary>
internal interface IZoneJournal
{
    /// <summary>Records the step from <paramref name="previous"/> to <paramref name="current"/> of one zone.</summary>
    void Record(Zone previous, Zone current);

    /// <summary>The steps from <paramref name="fromSerial"/> to <paramref name="toSerial"/>, when the journal reaches back that far.</summary>
    bool TryGetChanges(DnsName zone, uint fromSerial, uint toSerial, out IReadOnlyList<ZoneDelta> changes);

    void Forget(DnsName zone);
}

/// <summary>
/// The journal in memory: each reload's difference from the snapshot before it, bounded by the
/// number of versions and the number of changed records per zone (oldest dropped first). A
/// difference larger than the bound is not kept, and the older ones go with it: the chain must
/// be unbroken.
/// </summary>
internal sealed class MemoryZoneJournal(int maxVersions, int maxRecords) : IZoneJournal
{
    private readonly Dictionary<DnsName, List<ZoneDelta>> _zones = [];
    private readonly Lock _lock = new();

    public void Record(Zone previous, Zone current)
    {
        if (previous.Serial == current.Serial)
        {
            return;
        }

        var delta = ZoneDiff.Compute(previous, current);
        lock (_lock)
        {
            if (!_zones.TryGetValue(current.Origin, out var list))
            {
                list = [];
                _zones[current.Origin] = list;
            }

            if (delta.Size > maxRecords || (list.Count > 0 && ((SoaRData)list[^1].NewSoa.Data).Serial != previous.Serial))
            {
                list.Clear();
            }

            if (delta.Size > maxRecords)
            {
                return;
            }

            list.Add(delta);
            int total = list.Sum(d => d.Size);
            while (list.Count > maxVersions || total > maxRecords)
            {
                total -= list[0].Size;
                list.RemoveAt(0);
            }
        }
    }

    public bool TryGetChanges(DnsName zone, uint fromSerial, uint toSerial, out IReadOnlyList<ZoneDelta> changes)
    {
        changes = [];
        lock (_lock)
        {
            if (!_zones.TryGetValue(zone, out var list))
            {
                return false;
            }

            int start = list.FindIndex(d => ((SoaRData)d.OldSoa.Data).Serial == fromSerial);
            if (start < 0 || ((SoaRData)list[^1].NewSoa.Data).Serial != toSerial)
            {
                return false;
            }

            changes = list.GetRange(start, list.Count - start);
            return true;
        }
    }

    public void Forget(DnsName zone)
    {
        lock (_lock)
        {
            _zones.Remove(zone);
        }
    }
}

/// <summary>The records of one snapshot not in another, name by name and RRset by RRset.</summary>
internal static class ZoneDiff
{
    public static ZoneDelta Compute(Zone previous, Zone current)
    {
        var deleted = new List<ResourceRecord>();
        var added = new List<ResourceRecord>();
        foreach (var node in current.Nodes)
        {
            var old = previous.FindExact(node.Name.ToLowerWire());
            Compare(old, node, added);
        }

        foreach (var node in previous.Nodes)
        {
            var now = current.FindExact(node.Name.ToLowerWire());
            Compare(now, node, deleted);
        }

        return new ZoneDelta(SoaRecord(previous), deleted, SoaRecord(current), added);
    }

    public static ResourceRecord SoaRecord(Zone zone) =>
        new(zone.Origin, zone.Soa.Class, zone.Soa.Ttl, zone.Soa.Records[0]);

    /// <summary>Adds to <paramref name="only"/> the records of <paramref name="node"/> that <paramref name="other"/> lacks (SOA aside).</summary>
    private static void Compare(ZoneNode? other, ZoneNode node, List<ResourceRecord> only)
    {
        foreach (var set in node.Sets)
        {
            if (set.Type == RecordType.SOA && set.Name.Equals(node.Name) && other?.Find(RecordType.SOA) is not null)
            {
                continue;
            }

            var otherSet = other?.Find(set.Type);
            bool ttlChanged = otherSet is not null && otherSet.Ttl != set.Ttl;
            foreach (var data in set.Records)
            {
                if (otherSet is null || ttlChanged || !Contains(otherSet, data))
                {
                    only.Add(new ResourceRecord(set.Name, set.Class, set.Ttl, data));
                }
            }
        }
    }

    private static bool Contains(RRset set, RData data)
    {
        foreach (var record in set.Records)
        {
            if (record.Equals(data))
            {
                return true;
            }
        }

        return false;
    }
}
