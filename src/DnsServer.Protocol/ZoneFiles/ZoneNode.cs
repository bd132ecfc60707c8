using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>The RRsets of one owner name, as the checker groups them.</summary>
internal sealed class ZoneNode(DnsName name)
{
    public DnsName Name { get; } = name;

    public List<RRsetEntry> RRsets { get; } = new(1);

    public RRsetEntry? Find(RecordType type)
    {
        foreach (var rrset in RRsets)
        {
            if (rrset.Type == type)
            {
                return rrset;
            }
        }

        return null;
    }

    /// <summary>Adds a record to its RRset; a duplicate or a TTL mismatch becomes a warning instead.</summary>
    public void Add(ZoneFileRecord entry, List<ZoneFinding> findings)
    {
        var record = entry.Record;
        var rrset = Find(record.Type);
        if (rrset is null)
        {
            RRsets.Add(new RRsetEntry(entry));
            return;
        }

        if (rrset.Contains(record.Data))
        {
            // BIND and Knot drop the copy silently; a warning still helps whoever wrote it.
            findings.Add(ZoneChecker.Warn(ZoneCheckCode.DuplicateRecord, entry, $"duplicate {RecordTypeText.ToText(record.Type)} record ignored"));
            return;
        }

        if (record.Ttl != rrset.Ttl)
        {
            findings.Add(ZoneChecker.Warn(
                ZoneCheckCode.TtlMismatch, entry, $"{RecordTypeText.ToText(record.Type)} TTL {record.Ttl} differs from the RRset's {rrset.Ttl}; using {rrset.Ttl}"));
        }

        rrset.Add(entry);
    }
}

/// <summary>One RRset while checking: its first record sets the TTL and the line reported.</summary>
internal sealed class RRsetEntry
{
    private const int HashThreshold = 16;
    private HashSet<RData>? _index;

    public RRsetEntry(ZoneFileRecord first)
    {
        Name = first.Record.Name;
        Type = first.Record.Type;
        Ttl = first.Record.Ttl;
        File = first.File;
        Line = first.Line;
        Records = [new RecordAt(first.Record.Data, first.Line)];
    }

    public DnsName Name { get; }

    public RecordType Type { get; }

    public uint Ttl { get; }

    public string File { get; }

    public int Line { get; }

    public List<RecordAt> Records { get; }

    public bool Contains(RData data)
    {
        if (_index is not null)
        {
            return _index.Contains(data);
        }

        foreach (var record in Records)
        {
            if (record.Data.Equals(data))
            {
                return true;
            }
        }

        return false;
    }

    public void Add(ZoneFileRecord entry)
    {
        Records.Add(new RecordAt(entry.Record.Data, entry.Line));
        if (_index is not null)
        {
            _index.Add(entry.Record.Data);
        }
        else if (Records.Count > HashThreshold)
        {
            // Large RRsets (a $GENERATE of many A records) would make duplicate checks quadratic.
            _index = [.. Records.Select(r => r.Data)];
        }
    }
}

/// <summary>One record's data and the line it was written on.</summary>
internal readonly record struct RecordAt(RData Data, int Line);
