using System.Buffers.Binary;

namespace DnsServer.Protocol.Tsig;

/// <summary>
/// A TSIG record as found at the end of a message (RFC 8945 §4.2), with <see cref="Offset"/>, where
/// it starts: the bytes before it, with ARCOUNT less one and the original ID, are what was signed.
/// </summary>
public sealed record TsigRecord(
    int Offset,
    DnsName KeyName,
    DnsName AlgorithmName,
    long TimeSigned,
    ushort Fudge,
    byte[] Mac,
    ushort OriginalId,
    TsigError Error,
    byte[] OtherData)
{
    /// <summary>
    /// Finds the TSIG record of a message. Returns false when there is none; throws
    /// <see cref="DnsFormatException"/> when it is malformed or not the last additional record
    /// (RFC 8945 §5.2: FORMERR).
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> message, out TsigRecord? record)
    {
        record = null;
        var reader = new DnsMessageReader(message);
        var header = reader.ReadHeader();
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.QuestionCount; i++)
        {
            reader.ReadQuestion(name);
        }

        int total = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; i < total; i++)
        {
            int start = reader.Position;
            var info = reader.ReadRecord(name);
            if (info.Type != RecordType.TSIG)
            {
                continue;
            }

            if (i != total - 1 || i < header.AnswerCount + header.AuthorityCount)
            {
                throw new DnsFormatException("TSIG is not the last record of the additional section");
            }

            record = Read(message, start, DnsName.FromWire(name[..info.NameLength]), info);
        }

        return record is not null;
    }

    private static TsigRecord Read(ReadOnlySpan<byte> message, int start, DnsName keyName, DnsRecordInfo info)
    {
        if (info.Class != RecordClass.ANY || info.Ttl != 0)
        {
            throw new DnsFormatException("TSIG class must be ANY and TTL 0");
        }

        var data = message[..(info.RDataOffset + info.RDataLength)];
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        int nameLength = DnsNameWire.Read(data, info.RDataOffset, name, out int position);
        var algorithm = DnsName.FromWire(name[..nameLength]);
        var fields = data[position..];
        if (fields.Length < 10)
        {
            throw new DnsFormatException("TSIG RDATA too short");
        }

        long time = ((long)BinaryPrimitives.ReadUInt16BigEndian(fields) << 32) | BinaryPrimitives.ReadUInt32BigEndian(fields[2..]);
        ushort fudge = BinaryPrimitives.ReadUInt16BigEndian(fields[6..]);
        int macSize = BinaryPrimitives.ReadUInt16BigEndian(fields[8..]);
        fields = fields[10..];
        if (fields.Length < macSize + 6)
        {
            throw new DnsFormatException("TSIG RDATA too short");
        }

        var mac = fields[..macSize].ToArray();
        fields = fields[macSize..];
        ushort originalId = BinaryPrimitives.ReadUInt16BigEndian(fields);
        var error = (TsigError)BinaryPrimitives.ReadUInt16BigEndian(fields[2..]);
        int otherLength = BinaryPrimitives.ReadUInt16BigEndian(fields[4..]);
        if (fields.Length != otherLength + 6)
        {
            throw new DnsFormatException("TSIG other data does not fill the RDATA");
        }

        return new TsigRecord(start, keyName, algorithm, time, fudge, mac, originalId, error, fields[6..].ToArray());
    }
}

/// <summary>The TSIG error field (RFC 8945 §4.2, §5.2): 0 or an extended RCODE.</summary>
public enum TsigError : ushort
{
    NoError = 0,
    BadSig = 16,
    BadKey = 17,
    BadTime = 18,
    BadTrunc = 22,
}
