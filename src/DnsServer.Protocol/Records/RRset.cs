using System.Buffers;

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
        RDataWire = HoldsNoNames(type) ? EncodeRData(records) : null;
    }

    private readonly RData[] _records;

    /// <summary>
    /// For types whose RDATA holds no names, every record's RDLENGTH and RDATA as they go on the
    /// wire, back to back: a response copies them instead of reading each record object, which in
    /// a large zone is a cache miss apiece. Null for other types, whose names the writer compresses.
    /// </summary>
    public byte[]? RDataWire { get; }

    public DnsName Name { get; }

    public RecordType Type { get; }

    public RecordClass Class { get; }

    public uint Ttl { get; }

    public ReadOnlySpan<RData> Records => _records;

    /// <summary>The records as memory, for response entries that outlive a span.</summary>
    public ReadOnlyMemory<RData> RecordsMemory => _records;

    public int Count => _records.Length;

    /// <summary>The common types whose RDATA is bytes only: what a lab zone and a pool answer most.</summary>
    private static bool HoldsNoNames(RecordType type) => type is RecordType.A or RecordType.AAAA or RecordType.TXT;

    /// <summary>The RDATA image, or null when it would not fit in one message anyway.</summary>
    private static byte[]? EncodeRData(RData[] records)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            var writer = new DnsMessageWriter(buffer.AsSpan(0, ushort.MaxValue));
            foreach (var record in records)
            {
                int lengthPosition = writer.Position;
                writer.WriteUInt16(0);
                record.WriteTo(ref writer);
                writer.EndRecord(lengthPosition);
            }

            return writer.Overflowed ? null : buffer.AsSpan(0, writer.Position).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override string ToString() => $"{Name} {Ttl} {RecordClassText.ToText(Class)} {RecordTypeText.ToText(Type)} ({_records.Length})";
}
