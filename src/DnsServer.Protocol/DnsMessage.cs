using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;

namespace DnsServer.Protocol;

/// <summary>A question (RFC 1035 §4.1.2).</summary>
public sealed record DnsQuestion(DnsName Name, RecordType Type, RecordClass Class = RecordClass.IN)
{
    public override string ToString() => $"{Name}\t{RecordClassText.ToText(Class)}\t{RecordTypeText.ToText(Type)}";
}

/// <summary>
/// A whole message as an allocating model, for tests, tools and the resolver; the query path uses
/// <see cref="DnsMessageReader"/> and <see cref="DnsMessageWriter"/> instead. The OPT record is
/// kept apart from the additional section.
/// </summary>
public sealed class DnsMessage
{
    /// <summary>RFC 1035 §4.2.2: the largest message a 16-bit TCP length can frame.</summary>
    public const int MaxSize = 65535;

    public ushort Id { get; init; }

    /// <summary>The header's second 16 bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD, low RCODE.</summary>
    public ushort Flags { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<ResourceRecord> Answers { get; init; } = [];

    public IReadOnlyList<ResourceRecord> Authority { get; init; } = [];

    /// <summary>The additional section without the OPT record.</summary>
    public IReadOnlyList<ResourceRecord> Additional { get; init; } = [];

    public OptRecord? Opt { get; init; }

    public bool IsResponse => (Flags & DnsHeader.QRFlag) != 0;

    public OpCode OpCode => (OpCode)((Flags >> 11) & 0xF);

    /// <summary>The full response code: the header's four bits joined with OPT's upper eight (RFC 6891 §6.1.3).</summary>
    public ResponseCode ResponseCode => (ResponseCode)(((Opt?.ExtendedRCodeHigh ?? 0) << 4) | (Flags & 0xF));

    /// <summary>
    /// Decodes a message strictly: the section counts must match the records present, nothing may
    /// follow the last record, and OPT may appear once, in the additional section, owned by the root.
    /// Every problem raises <see cref="DnsFormatException"/>.
    /// </summary>
    public static DnsMessage Parse(ReadOnlySpan<byte> message)
    {
        var reader = new DnsMessageReader(message);
        var header = reader.ReadHeader();
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        var questions = new List<DnsQuestion>(header.QuestionCount);
        for (int i = 0; i < header.QuestionCount; i++)
        {
            var question = reader.ReadQuestion(name);
            questions.Add(new DnsQuestion(DnsName.FromWire(name[..question.NameLength]), question.Type, question.Class));
        }

        var answers = ReadSection(ref reader, header.AnswerCount, name, null);
        var authority = ReadSection(ref reader, header.AuthorityCount, name, null);
        OptRecord? opt = null;
        var additional = ReadSection(ref reader, header.AdditionalCount, name, o => opt = opt is null ? o : throw new DnsFormatException("more than one OPT record"));
        if (!reader.AtEnd)
        {
            throw new DnsFormatException($"{message.Length - reader.Position} octets after the last record");
        }

        return new DnsMessage
        {
            Id = header.Id,
            Flags = header.Flags,
            Questions = questions,
            Answers = answers,
            Authority = authority,
            Additional = additional,
            Opt = opt,
        };
    }

    private static List<ResourceRecord> ReadSection(ref DnsMessageReader reader, int count, scoped Span<byte> name, Action<OptRecord>? onOpt)
    {
        var records = new List<ResourceRecord>(count);
        for (int i = 0; i < count; i++)
        {
            var record = reader.ReadRecord(name);
            if (record.Type == RecordType.OPT)
            {
                if (onOpt is null)
                {
                    throw new DnsFormatException("OPT record outside the additional section");
                }

                onOpt(OptRecord.Read(record, reader.Message));
                continue;
            }

            var owner = DnsName.FromWire(name[..record.NameLength]);
            var data = RDataReader.Read(record.Type, reader.Message, record.RDataOffset, record.RDataLength);
            records.Add(new ResourceRecord(owner, record.Class, record.Ttl, data));
        }

        return records;
    }

    /// <summary>Encodes the message with name compression; throws when <paramref name="destination"/> is too small.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var writer = new DnsMessageWriter(destination);
        int additional = Additional.Count + (Opt is null ? 0 : 1);
        if (Questions.Count > ushort.MaxValue || Answers.Count > ushort.MaxValue
            || Authority.Count > ushort.MaxValue || additional > ushort.MaxValue)
        {
            throw new InvalidOperationException("a section holds more than 65535 entries");
        }

        writer.WriteHeader(new DnsHeader(Id, Flags, (ushort)Questions.Count, (ushort)Answers.Count, (ushort)Authority.Count, (ushort)additional));
        foreach (var question in Questions)
        {
            writer.WriteName(question.Name);
            writer.WriteUInt16((ushort)question.Type);
            writer.WriteUInt16((ushort)question.Class);
        }

        WriteSection(ref writer, Answers);
        WriteSection(ref writer, Authority);
        WriteSection(ref writer, Additional);
        Opt?.WriteTo(ref writer);
        if (writer.Overflowed)
        {
            throw new ArgumentException("the destination is too small for the message", nameof(destination));
        }

        return writer.Position;
    }

    private static void WriteSection(ref DnsMessageWriter writer, IReadOnlyList<ResourceRecord> records)
    {
        foreach (var record in records)
        {
            int length = writer.BeginRecord(record.Name.Wire, record.Type, record.Class, record.Ttl);
            int start = writer.Position;
            record.Data.WriteTo(ref writer);
            if (writer.Position - start > ushort.MaxValue)
            {
                throw new InvalidOperationException("RDATA longer than 65535 octets");
            }

            writer.EndRecord(length);
        }
    }

    public byte[] ToArray()
    {
        var buffer = new byte[MaxSize];
        int length = WriteTo(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>The message as dig prints it: header lines, OPT pseudosection, then each section.</summary>
    public override string ToString() => DnsMessageText.Format(this);
}
