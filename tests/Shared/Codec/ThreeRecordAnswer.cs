using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;

namespace DnsServer.Tests.Shared.Codec;

/// <summary>
/// The codec's share of answering one query: read the header, question and OPT of a query and
/// write a three-record answer. The allocation test and the codec benchmark measure this same code.
/// </summary>
internal static class ThreeRecordAnswer
{
    /// <summary>A query for www.example. A with EDNS, DO set and a client COOKIE.</summary>
    public static byte[] Query() => new DnsMessage
    {
        Id = 42,
        Flags = DnsHeader.RDFlag,
        Questions = [new DnsQuestion(DnsName.Parse("www.example."), RecordType.A)],
        Opt = new OptRecord(1232, 0, 0, EdnsWire.DnssecOkFlag, [new EdnsOption(EdnsOptionCode.Cookie, new byte[8])]),
    }.ToArray();

    public static RData[] Answers() =>
    [
        new ARData(IPAddress.Parse("192.0.2.1")),
        new ARData(IPAddress.Parse("192.0.2.2")),
        new ARData(IPAddress.Parse("192.0.2.3")),
    ];

    /// <summary>Writes the answer to <paramref name="query"/> into <paramref name="response"/>; returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> query, Span<byte> response, RData[] answers)
    {
        var reader = new DnsMessageReader(query);
        var header = reader.ReadHeader();
        Span<byte> qname = stackalloc byte[DnsName.MaxLength];
        var question = reader.ReadQuestion(qname);
        var edns = default(EdnsQueryInfo);
        bool hasOpt = false;
        Span<byte> owner = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.AdditionalCount; i++)
        {
            var record = reader.ReadRecord(owner);
            if (record.Type == RecordType.OPT)
            {
                edns = EdnsQueryInfo.Read(record, query);
                hasOpt = true;
            }
        }

        var writer = new DnsMessageWriter(response) { Limit = hasOpt ? edns.UdpPayloadSize : 512 };
        ushort flags = (ushort)(DnsHeader.QRFlag | DnsHeader.AAFlag | (header.Flags & DnsHeader.RDFlag));
        writer.WriteHeader(new DnsHeader(header.Id, flags, 1, (ushort)answers.Length, 0, hasOpt ? (ushort)1 : (ushort)0));
        writer.WriteName(qname[..question.NameLength]);
        writer.WriteUInt16((ushort)question.Type);
        writer.WriteUInt16((ushort)question.Class);
        foreach (var data in answers)
        {
            int length = writer.BeginRecord(qname[..question.NameLength], data.Type, RecordClass.IN, 300);
            data.WriteTo(ref writer);
            writer.EndRecord(length);
        }

        if (hasOpt)
        {
            EdnsWire.WriteOpt(ref writer, 1232, edns.DnssecOk);
        }

        return writer.Position;
    }
}
