using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Updates;

/// <summary>
/// One record of an UPDATE's prerequisite or update section (RFC 2136 §2.4, §2.5). Class ANY and
/// NONE records may carry no RDATA at all, which an ordinary <see cref="ResourceRecord"/> cannot
/// hold: <see cref="Data"/> is null then.
/// </summary>
internal sealed record UpdateRecord(DnsName Name, RecordType Type, RecordClass Class, uint Ttl, RData? Data)
{
    public ResourceRecord ToResourceRecord() => new(Name, Class, Ttl, Data!);
}

/// <summary>An UPDATE message read for processing: the zone section and the two record sections (RFC 2136 §2).</summary>
internal sealed record UpdateMessage(DnsName Zone, RecordType ZoneType, RecordClass ZoneClass, IReadOnlyList<UpdateRecord> Prerequisites, IReadOnlyList<UpdateRecord> Updates)
{
    /// <summary>Reads the message; additional-section records (TSIG, OPT) are not needed here and are skipped.</summary>
    /// <exception cref="DnsFormatException">The message is malformed, or its zone section holds other than one entry.</exception>
    public static UpdateMessage Parse(ReadOnlySpan<byte> message)
    {
        var reader = new DnsMessageReader(message);
        var header = reader.ReadHeader();
        if (header.QuestionCount != 1)
        {
            // RFC 2136 §3.1.1: ZOCOUNT must be 1.
            throw new DnsFormatException("the zone section must hold one entry");
        }

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        var zone = reader.ReadQuestion(name);
        var zoneName = DnsName.FromWire(name[..zone.NameLength]);
        var prerequisites = ReadSection(ref reader, header.AnswerCount, name);
        var updates = ReadSection(ref reader, header.AuthorityCount, name);
        return new UpdateMessage(zoneName, zone.Type, zone.Class, prerequisites, updates);
    }

    private static List<UpdateRecord> ReadSection(ref DnsMessageReader reader, int count, scoped Span<byte> name)
    {
        var records = new List<UpdateRecord>(count);
        for (int i = 0; i < count; i++)
        {
            var record = reader.ReadRecord(name);
            var data = record.RDataLength == 0
                ? null
                : RDataReader.Read(record.Type, reader.Message, record.RDataOffset, record.RDataLength);
            records.Add(new UpdateRecord(DnsName.FromWire(name[..record.NameLength]), record.Type, record.Class, record.Ttl, data));
        }

        return records;
    }
}
