using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Transfers;

/// <summary>One version step of a zone (RFC 1995 §4): the records deleted and added between two SOAs.</summary>
public sealed record ZoneDelta(ResourceRecord OldSoa, IReadOnlyList<ResourceRecord> Deleted, ResourceRecord NewSoa, IReadOnlyList<ResourceRecord> Added)
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
/// The journal in memory: each swap's difference from the snapshot before it, bounded by the
/// number of versions and the number of changed records per zone (oldest dropped first). A
/// difference larger than the bound is not kept, and the older ones go with it: the chain must
/// be unbroken. The zones <paramref name="isDurable"/> names (the managed ones) are mirrored to
/// <paramref name="store"/> and read back from it at start; IXFR itself is always answered from
/// memory, never from the database.
/// </summary>
internal sealed class MemoryZoneJournal(int maxVersions, int maxRecords, IJournalStore? store = null, Func<DnsName, bool>? isDurable = null) : IZoneJournal
{
    private readonly Dictionary<DnsName, List<ZoneDelta>> _zones = [];
    private readonly Lock _lock = new();

    /// <summary>Reads a durable zone's stored journal into memory (at start), within the bounds.</summary>
    public void Restore(DnsName zone)
    {
        if (store is null)
        {
            return;
        }

        var list = store.Load(zone).ToList();
        Trim(list);
        lock (_lock)
        {
            _zones[zone] = list;
        }
    }

    public void Record(Zone previous, Zone current)
    {
        if (previous.Serial == current.Serial)
        {
            return;
        }

        var delta = ZoneDiff.Compute(previous, current);
        int kept;
        lock (_lock)
        {
            kept = Add(current.Origin, previous.Serial, delta);
        }

        if (store is not null && isDurable is not null && isDurable(current.Origin))
        {
            store.Append(current.Origin, delta, kept);
        }
    }

    /// <summary>Adds the step and trims; returns how many steps the zone's journal keeps now.</summary>
    private int Add(DnsName origin, uint previousSerial, ZoneDelta delta)
    {
        if (!_zones.TryGetValue(origin, out var list))
        {
            list = [];
            _zones[origin] = list;
        }

        if (delta.Size > maxRecords || (list.Count > 0 && ((SoaRData)list[^1].NewSoa.Data).Serial != previousSerial))
        {
            list.Clear();
        }

        if (delta.Size > maxRecords)
        {
            return 0;
        }

        list.Add(delta);
        Trim(list);
        return list.Count;
    }

    private void Trim(List<ZoneDelta> list)
    {
        int total = list.Sum(d => d.Size);
        while (list.Count > 0 && (list.Count > maxVersions || total > maxRecords))
        {
            total -= list[0].Size;
            list.RemoveAt(0);
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
