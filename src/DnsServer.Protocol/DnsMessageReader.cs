using System.Buffers.Binary;

namespace DnsServer.Protocol;

/// <summary>
/// Reads a message from a span without allocating, section by section, in order. Every bound is
/// checked; anything malformed raises <see cref="DnsFormatException"/> and nothing else.
/// </summary>
public ref struct DnsMessageReader
{
    private readonly ReadOnlySpan<byte> _message;

    public DnsMessageReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly ReadOnlySpan<byte> Message => _message;

    public readonly bool AtEnd => Position == _message.Length;

    public DnsHeader ReadHeader()
    {
        var header = DnsHeader.Read(_message);
        Position = DnsHeader.Size;
        return header;
    }

    /// <summary>Reads a name into <paramref name="destination"/> (255 bytes or more) and returns its length.</summary>
    public int ReadName(scoped Span<byte> destination)
    {
        int length = DnsNameWire.Read(_message, Position, destination, out int next);
        Position = next;
        return length;
    }

    public DnsQuestionInfo ReadQuestion(scoped Span<byte> nameDestination)
    {
        int nameLength = ReadName(nameDestination);
        if ((uint)(Position + 4) > (uint)_message.Length)
        {
            throw new DnsFormatException("question runs past the end of the message");
        }

        var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]);
        var recordClass = (RecordClass)BinaryPrimitives.ReadUInt16BigEndian(_message[(Position + 2)..]);
        Position += 4;
        return new DnsQuestionInfo(nameLength, type, recordClass);
    }

    /// <summary>Reads one record's owner and fixed fields and steps over its RDATA.</summary>
    public DnsRecordInfo ReadRecord(scoped Span<byte> nameDestination)
    {
        int nameLength = ReadName(nameDestination);
        if ((uint)(Position + 10) > (uint)_message.Length)
        {
            throw new DnsFormatException("record runs past the end of the message");
        }

        var fields = _message[Position..];
        var type = (RecordType)BinaryPrimitives.ReadUInt16BigEndian(fields);
        var recordClass = (RecordClass)BinaryPrimitives.ReadUInt16BigEndian(fields[2..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(fields[4..]);
        int rdLength = BinaryPrimitives.ReadUInt16BigEndian(fields[8..]);
        int rdOffset = Position + 10;
        if ((uint)(rdOffset + rdLength) > (uint)_message.Length)
        {
            throw new DnsFormatException("RDATA runs past the end of the message");
        }

        Position = rdOffset + rdLength;
        return new DnsRecordInfo(nameLength, type, recordClass, ttl, rdOffset, rdLength);
    }
}

/// <summary>A question as read: the name's length in the caller's buffer, the type and the class.</summary>
public readonly record struct DnsQuestionInfo(int NameLength, RecordType Type, RecordClass Class);

/// <summary>A record as read: where its RDATA lies in the message, and its fixed fields.</summary>
public readonly record struct DnsRecordInfo(
    int NameLength,
    RecordType Type,
    RecordClass Class,
    uint Ttl,
    int RDataOffset,
    int RDataLength);
