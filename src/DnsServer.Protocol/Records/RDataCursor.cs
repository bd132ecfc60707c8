using System.Buffers.Binary;

namespace DnsServer.Protocol.Records;

/// <summary>
/// Reads the fields of one RDATA inside a whole message. Every read is bounded by the RDATA's end,
/// so a field can never borrow bytes from the next record; every failure is a
/// <see cref="DnsFormatException"/> that names the type and the field.
/// </summary>
internal ref struct RDataCursor
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _end;
    private readonly RecordType _type;
    private readonly bool _allowPointers;
    private int _position;

    public RDataCursor(RecordType type, ReadOnlySpan<byte> message, int offset, int length, bool allowPointers)
    {
        if (offset < 0 || length < 0 || (uint)(offset + length) > (uint)message.Length)
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(type)} RDATA lies outside the message");
        }

        _message = message;
        _position = offset;
        _end = offset + length;
        _type = type;
        _allowPointers = allowPointers;
    }

    public readonly int Remaining => _end - _position;

    public readonly bool AtEnd => _position == _end;

    private readonly DnsFormatException Error(string field, string problem) =>
        new($"{RecordTypeText.ToText(_type)} {field} {problem}");

    public byte ReadByte(string field)
    {
        if ((uint)_position >= (uint)_end)
        {
            throw Error(field, "is missing");
        }

        return _message[_position++];
    }

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, field));

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if ((uint)(_position + count) > (uint)_end)
        {
            throw Error(field, "runs past the end of the RDATA");
        }

        var bytes = _message.Slice(_position, count);
        _position += count;
        return bytes;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadBytes(Remaining, "data");

    /// <summary>The rest of the RDATA, which must not be empty (a key, digest or signature).</summary>
    public ReadOnlySpan<byte> ReadRestNonEmpty(string field)
    {
        if (AtEnd)
        {
            throw Error(field, "is missing");
        }

        return ReadBytes(Remaining, field);
    }

    /// <summary>A character-string (RFC 1035 §3.3): a length octet and that many octets.</summary>
    public ReadOnlySpan<byte> ReadCharacterString(string field)
    {
        int length = ReadByte(field);
        return ReadBytes(length, field);
    }

    /// <summary>
    /// Reads an embedded name. Pointers are followed only for the types whose names RFC 3597 §4
    /// says a receiver decompresses; elsewhere a pointer is a format error.
    /// </summary>
    public DnsName ReadName(string field)
    {
        if (_allowPointers)
        {
            Span<byte> buffer = stackalloc byte[DnsName.MaxLength];
            int length = DnsNameWire.Read(_message[.._end], _position, buffer, out int next);
            _position = next;
            return DnsName.FromWire(buffer[..length]);
        }

        var rest = _message[_position.._end];
        DnsNameWire.CountLabels(rest, out int used);
        _position += used;
        return DnsName.FromWire(rest[..used]);
    }

    public readonly void EnsureEnd()
    {
        if (_position != _end)
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(_type)} RDATA has {_end - _position} octets after its last field");
        }
    }
}
