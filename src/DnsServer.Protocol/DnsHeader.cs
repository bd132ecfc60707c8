using System.Buffers.Binary;

namespace DnsServer.Protocol;

/// <summary>The 12-byte message header (RFC 1035 §4.1.1).</summary>
public readonly record struct DnsHeader(
    ushort Id,
    ushort Flags,
    ushort QuestionCount,
    ushort AnswerCount,
    ushort AuthorityCount,
    ushort AdditionalCount)
{
    public const int Size = 12;

    public const ushort QRFlag = 0x8000;
    public const ushort AAFlag = 0x0400;
    public const ushort TCFlag = 0x0200;
    public const ushort RDFlag = 0x0100;
    public const ushort RAFlag = 0x0080;
    public const ushort ADFlag = 0x0020;
    public const ushort CDFlag = 0x0010;

    public bool IsResponse => (Flags & QRFlag) != 0;

    public OpCode OpCode => (OpCode)((Flags >> 11) & 0xF);

    public bool AuthoritativeAnswer => (Flags & AAFlag) != 0;

    public bool Truncated => (Flags & TCFlag) != 0;

    public bool RecursionDesired => (Flags & RDFlag) != 0;

    public bool RecursionAvailable => (Flags & RAFlag) != 0;

    public bool AuthenticData => (Flags & ADFlag) != 0;

    public bool CheckingDisabled => (Flags & CDFlag) != 0;

    /// <summary>The low four bits of the response code; OPT carries the high eight.</summary>
    public int RCode => Flags & 0xF;

    public static DnsHeader Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < Size)
        {
            throw new DnsFormatException("message shorter than a header");
        }

        return new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }

    public static ushort MakeFlags(bool response, OpCode opCode, ResponseCode rcode) =>
        (ushort)((response ? QRFlag : 0) | ((int)opCode << 11) | ((int)rcode & 0xF));
}
