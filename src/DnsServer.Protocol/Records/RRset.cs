namespace DnsServer.Protocol.Records;

/// <summary>
/// The records of one owner, type and class (RFC 2181 §5), sharing one TTL. Immutable and
/// shared between threads: response shaping builds new arrays instead of reordering this one.
/// </summary>
public sealed class RRset
{
    public RRset(DnsName name, RecordType type, RecordClass recordClass, uint ttl, RData[] records)
    {
        if (records.Length == 0)
        {
            throw new ArgumentException("an RRset holds at least one record", nameof(records));
        }

        Name = name;
        Type = type;
        Class = recordClass;
        Ttl = ttl;
        _records = records;
    }

    private readonly RData[] _records;

    public DnsName Name { get; }

    public RecordType Type { get; }

    public RecordClass Class { get; }

    public uint Ttl { get; }

    public ReadOnlySpan<RData> Records => _records;

    /// <summary>The records as memory, for response entries that outlive a span.</summary>
    public ReadOnlyMemory<RData> RecordsMemory => _records;

    public int Count => _records.Length;

    public override string ToString() => $"{Name} {Ttl} {RecordClassText.ToText(Class)} {RecordTypeText.ToText(Type)} ({_records.Length})";
}
