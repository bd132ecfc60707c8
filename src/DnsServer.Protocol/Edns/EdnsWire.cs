using System.Buffers.Binary;

namespace DnsServer.Protocol.Edns;

/// <summary>Reads and writes the OPT pseudo-record (RFC 6891 §6.1) and its options.</summary>
public static class EdnsWire
{
    /// <summary>RFC 6891 §6.1.3: the DO bit is the top bit of the flags in the TTL field.</summary>
    public const ushort DnssecOkFlag = 0x8000;

    /// <summary>An OPT record with no options takes 11 octets: root, type, class, TTL, RDLENGTH.</summary>
    public const int EmptyOptSize = 11;

    /// <summary>Splits the TTL field of an OPT record (RFC 6891 §6.1.3).</summary>
    public static (byte ExtendedRCodeHigh, byte Version, ushort Flags) SplitTtl(uint ttl) =>
        ((byte)(ttl >> 24), (byte)(ttl >> 16), (ushort)ttl);

    public static uint JoinTtl(byte extendedRCodeHigh, byte version, ushort flags) =>
        ((uint)extendedRCodeHigh << 24) | ((uint)version << 16) | flags;

    /// <summary>
    /// Starts an OPT record: root owner, the UDP payload size in the class field. Write options
    /// with <see cref="WriteOption"/>, then call <see cref="DnsMessageWriter.EndRecord"/> with the result.
    /// </summary>
    public static int BeginOpt(ref DnsMessageWriter writer, ushort udpPayloadSize, byte extendedRCodeHigh, byte version, ushort flags) =>
        writer.BeginRecord([0], RecordType.OPT, (RecordClass)udpPayloadSize, JoinTtl(extendedRCodeHigh, version, flags));

    /// <summary>Writes a whole OPT record without options.</summary>
    public static void WriteOpt(ref DnsMessageWriter writer, ushort udpPayloadSize, bool dnssecOk, byte extendedRCodeHigh = 0)
    {
        int length = BeginOpt(ref writer, udpPayloadSize, extendedRCodeHigh, 0, dnssecOk ? DnssecOkFlag : (ushort)0);
        writer.EndRecord(length);
    }

    public static void WriteOption(ref DnsMessageWriter writer, ushort code, scoped ReadOnlySpan<byte> data)
    {
        writer.WriteUInt16(code);
        writer.WriteUInt16((ushort)data.Length);
        writer.WriteBytes(data);
    }

    /// <summary>
    /// Walks the options in OPT RDATA. Returns false at the end; an option whose header or data
    /// runs past the RDATA raises <see cref="DnsFormatException"/>.
    /// </summary>
    /// <param name="offset">Where the next option starts, relative to <paramref name="rdata"/>; advanced.</param>
    public static bool TryReadOption(ReadOnlySpan<byte> rdata, ref int offset, out ushort code, out int dataOffset, out int dataLength)
    {
        code = 0;
        dataOffset = 0;
        dataLength = 0;
        if (offset == rdata.Length)
        {
            return false;
        }

        if ((uint)(offset + 4) > (uint)rdata.Length)
        {
            throw new DnsFormatException("EDNS option header runs past the OPT RDATA");
        }

        code = BinaryPrimitives.ReadUInt16BigEndian(rdata[offset..]);
        dataLength = BinaryPrimitives.ReadUInt16BigEndian(rdata[(offset + 2)..]);
        dataOffset = offset + 4;
        if ((uint)(dataOffset + dataLength) > (uint)rdata.Length)
        {
            throw new DnsFormatException("EDNS option data runs past the OPT RDATA");
        }

        offset = dataOffset + dataLength;
        return true;
    }
}
