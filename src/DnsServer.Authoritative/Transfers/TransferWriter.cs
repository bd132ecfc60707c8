using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// Packs the records of a transfer into messages of up to 64 KB (RFC 5936 §2.2), names
/// compressed within each message; the first message carries the question. Each message is
/// signed when there is a TSIG session (RFC 8945 §5.3.1) and handed to the sender before the
/// next one is built, so a large zone is never held in wire form at once.
/// </summary>
internal sealed class TransferWriter
{
    /// <summary>RFC 1035 §4.2.2: a TCP message is at most 65,535 octets.</summary>
    public const int MaxMessage = ushort.MaxValue;

    /// <summary>Room kept at the end of each message for the TSIG record (key and algorithm names, a 64-octet MAC).</summary>
    private const int TsigReserve = 2 * DnsName.MaxLength + 96;

    private readonly byte[] _buffer = new byte[MaxMessage];
    private readonly ushort _id;
    private readonly DnsName _qname;
    private readonly RecordType _qtype;
    private readonly TsigSession? _tsig;
    private readonly int _limit;
    private bool _first = true;

    public TransferWriter(ushort id, DnsName qname, RecordType qtype, TsigSession? tsig, int limit = MaxMessage)
    {
        _id = id;
        _qname = qname;
        _qtype = qtype;
        _tsig = tsig;
        _limit = Math.Min(limit, MaxMessage) - (tsig is null ? 0 : TsigReserve);
    }

    public int MessagesWritten { get; private set; }

    /// <summary>Writes every record, sending each message as it fills.</summary>
    public async ValueTask WriteAsync(IEnumerable<ResourceRecord> records, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        using var enumerator = records.GetEnumerator();
        bool more = enumerator.MoveNext();
        while (more)
        {
            int length = Fill(enumerator, ref more);
            await send(_buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fills one message; a record that does not fit stays current for the next message. A single
    /// record too large for an empty message is an error (it cannot be transferred at all).
    /// </summary>
    private int Fill(IEnumerator<ResourceRecord> records, ref bool more)
    {
        var writer = new DnsMessageWriter(_buffer) { Limit = _limit };
        writer.WriteHeader(new DnsHeader(_id, (ushort)(DnsHeader.MakeFlags(true, OpCode.Query, ResponseCode.NoError) | DnsHeader.AAFlag), (ushort)(_first ? 1 : 0), 0, 0, 0));
        if (_first)
        {
            writer.WriteName(_qname);
            writer.WriteUInt16((ushort)_qtype);
            writer.WriteUInt16((ushort)RecordClass.IN);
        }

        int count = 0;
        while (more)
        {
            var record = records.Current;
            var mark = writer.Mark();
            int lengthAt = writer.BeginRecord(record.Name.Wire, record.Type, record.Class, record.Ttl);
            record.Data.WriteTo(ref writer);
            writer.EndRecord(lengthAt);
            if (writer.Overflowed || count == ushort.MaxValue)
            {
                writer.Rollback(mark);
                if (count == 0)
                {
                    throw new InvalidOperationException($"record {record.Name} {record.Type} does not fit in a message");
                }

                break;
            }

            count++;
            more = records.MoveNext();
        }

        writer.PatchUInt16(6, (ushort)count);
        int length = writer.Position;
        _first = false;
        MessagesWritten++;
        return _tsig is null ? length : _tsig.Sign(_buffer, length);
    }
}
