using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DnsServer.Protocol;

/// <summary>
/// Writes a message into a caller's buffer without allocating. Names are compressed (RFC 1035
/// §4.1.4) against earlier names, with pointers only to offsets up to 16,383. A write that does
/// not fit within <see cref="Limit"/> sets <see cref="Overflowed"/> and writes nothing; callers
/// write a whole RRset, check the flag, and <see cref="Rollback"/> to a <see cref="Mark"/> to drop it.
/// </summary>
public ref struct DnsMessageWriter
{
    /// <summary>RFC 1035 §4.1.4: a pointer holds a 14-bit offset.</summary>
    public const int MaxPointerOffset = 0x3FFF;

    private readonly Span<byte> _buffer;
    private CompressionTable _table;
    private int _tableCount;
    private int _limit;

    public DnsMessageWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _limit = buffer.Length;
        Position = 0;
        Overflowed = false;
        _tableCount = 0;
    }

    public int Position { get; private set; }

    public bool Overflowed { get; private set; }

    /// <summary>The most bytes the message may take; defaults to the buffer's length.</summary>
    public int Limit
    {
        readonly get => _limit;
        set => _limit = Math.Min(value, _buffer.Length);
    }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    public readonly Span<byte> Buffer => _buffer;

    /// <summary>A point to return to: the position and the compression entries known there.</summary>
    public readonly WriterMark Mark() => new(Position, _tableCount);

    public void Rollback(WriterMark mark)
    {
        Position = mark.Position;
        _tableCount = mark.TableCount;
        Overflowed = false;
    }

    private bool Reserve(int count)
    {
        if (Overflowed || Position + count > _limit)
        {
            Overflowed = true;
            return false;
        }

        return true;
    }

    public void WriteByte(byte value)
    {
        if (Reserve(1))
        {
            _buffer[Position++] = value;
        }
    }

    public void WriteUInt16(ushort value)
    {
        if (Reserve(2))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
            Position += 2;
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Reserve(4))
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
            Position += 4;
        }
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        if (Reserve(value.Length))
        {
            value.CopyTo(_buffer[Position..]);
            Position += value.Length;
        }
    }

    /// <summary>Writes a character-string (RFC 1035 §3.3): a length byte and up to 255 bytes.</summary>
    public void WriteCharacterString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > 255)
        {
            throw new DnsFormatException("character-string longer than 255 octets");
        }

        if (Reserve(value.Length + 1))
        {
            _buffer[Position++] = (byte)value.Length;
            value.CopyTo(_buffer[Position..]);
            Position += value.Length;
        }
    }

    public void WriteHeader(in DnsHeader header)
    {
        if (Reserve(DnsHeader.Size))
        {
            header.Write(_buffer[Position..]);
            Position += DnsHeader.Size;
        }
    }

    /// <summary>Overwrites a 16-bit field already written, such as a count in the header.</summary>
    public readonly void PatchUInt16(int offset, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);

    /// <summary>Writes a name, compressed against names written before.</summary>
    public void WriteName(scoped ReadOnlySpan<byte> wire) => WriteName(wire, compress: true);

    /// <summary>
    /// Writes a name without pointers but still remembered for later names: RFC 3597 §4 forbids
    /// compression inside the RDATA of types defined after RFC 1035 (SRV, DNAME, …).
    /// </summary>
    public void WriteNameUncompressed(scoped ReadOnlySpan<byte> wire) => WriteName(wire, compress: false);

    public void WriteName(DnsName name) => WriteName(name.Wire, compress: true);

    public void WriteNameUncompressed(DnsName name) => WriteName(name.Wire, compress: false);

    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private void WriteName(scoped ReadOnlySpan<byte> wire, bool compress)
    {
        // Label positions join the table only once the whole name is written: a suffix must never
        // match a name that is still half-written (the bytes after it are stale).
        Span<ushort> written = stackalloc ushort[DnsName.MaxLength / 2];
        int count = 0;
        int offset = 0;
        while (wire[offset] != 0)
        {
            var suffix = wire[offset..];
            if (compress && TryFindSuffix(suffix, out int pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                RememberAll(written[..count]);
                return;
            }

            int labelLength = wire[offset] + 1;
            if (!Reserve(labelLength))
            {
                return;
            }

            written[count++] = (ushort)Math.Min(Position, ushort.MaxValue);
            wire.Slice(offset, labelLength).CopyTo(_buffer[Position..]);
            Position += labelLength;
            offset += labelLength;
        }

        WriteByte(0);
        RememberAll(written[..count]);
    }

    private void RememberAll(scoped ReadOnlySpan<ushort> positions)
    {
        if (Overflowed)
        {
            return;
        }

        foreach (ushort position in positions)
        {
            Remember(position);
        }
    }

    private void Remember(int position)
    {
        if (position <= MaxPointerOffset && _tableCount < CompressionTable.Capacity)
        {
            _table[_tableCount++] = (ushort)position;
        }
    }

    private readonly bool TryFindSuffix(scoped ReadOnlySpan<byte> suffix, out int pointer)
    {
        for (int i = 0; i < _tableCount; i++)
        {
            if (MatchesAt(_table[i], suffix))
            {
                pointer = _table[i];
                return true;
            }
        }

        pointer = 0;
        return false;
    }

    /// <summary>Compares the name written at <paramref name="position"/> (following pointers) with a wire suffix.</summary>
    private readonly bool MatchesAt(int position, scoped ReadOnlySpan<byte> suffix)
    {
        int s = 0;
        while (true)
        {
            byte length = _buffer[position];
            if ((length & 0xC0) == 0xC0)
            {
                position = ((length & 0x3F) << 8) | _buffer[position + 1];
                continue;
            }

            if (length != suffix[s])
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            for (int i = 1; i <= length; i++)
            {
                if (DnsNameWire.ToLower(_buffer[position + i]) != DnsNameWire.ToLower(suffix[s + i]))
                {
                    return false;
                }
            }

            position += length + 1;
            s += length + 1;
        }
    }

    /// <summary>Starts a resource record; returns where its RDLENGTH goes, for <see cref="EndRecord"/>.</summary>
    public int BeginRecord(scoped ReadOnlySpan<byte> ownerWire, RecordType type, RecordClass recordClass, uint ttl)
    {
        WriteName(ownerWire);
        WriteUInt16((ushort)type);
        WriteUInt16((ushort)recordClass);
        WriteUInt32(ttl);
        int lengthPosition = Position;
        WriteUInt16(0);
        return lengthPosition;
    }

    /// <summary>Fills in the RDLENGTH of the record begun at <paramref name="lengthPosition"/>.</summary>
    public readonly void EndRecord(int lengthPosition)
    {
        if (!Overflowed)
        {
            PatchUInt16(lengthPosition, (ushort)(Position - lengthPosition - 2));
        }
    }

    [InlineArray(Capacity)]
    private struct CompressionTable
    {
        public const int Capacity = 128;
        private ushort _element;
    }
}

/// <summary>A saved writer state; see <see cref="DnsMessageWriter.Mark"/>.</summary>
public readonly record struct WriterMark(int Position, int TableCount);
