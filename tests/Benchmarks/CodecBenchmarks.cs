using System.Net;
using BenchmarkDotNet.Attributes;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;

namespace Benchmarks;

/// <summary>The codec's share of answering a query: read header, question and OPT, write a three-record answer.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _query = new DnsMessage
    {
        Id = 42,
        Flags = DnsHeader.RDFlag,
        Questions = [new DnsQuestion(DnsName.Parse("www.example."), RecordType.A)],
        Opt = new OptRecord(1232, 0, 0, EdnsWire.DnssecOkFlag, [new EdnsOption(EdnsOptionCode.Cookie, new byte[8])]),
    }.ToArray();

    private readonly RData[] _answers =
    [
        new ARData(IPAddress.Parse("192.0.2.1")),
        new ARData(IPAddress.Parse("192.0.2.2")),
        new ARData(IPAddress.Parse("192.0.2.3")),
    ];

    private readonly byte[] _response = new byte[1232];

    [Benchmark(Description = "parse a query and write a 3-record answer")]
    public int ParseQueryWriteAnswer()
    {
        ReadOnlySpan<byte> query = _query;
        var reader = new DnsMessageReader(query);
        var header = reader.ReadHeader();
        Span<byte> qname = stackalloc byte[DnsName.MaxLength];
        Span<byte> owner = stackalloc byte[DnsName.MaxLength];
        var question = reader.ReadQuestion(qname);
        var edns = default(EdnsQueryInfo);
        bool hasOpt = false;
        for (int i = 0; i < header.AdditionalCount; i++)
        {
            var record = reader.ReadRecord(owner);
            if (record.Type == RecordType.OPT)
            {
                edns = EdnsQueryInfo.Read(record, query);
                hasOpt = true;
            }
        }

        var writer = new DnsMessageWriter(_response) { Limit = hasOpt ? edns.UdpPayloadSize : 512 };
        ushort flags = (ushort)(DnsHeader.QRFlag | DnsHeader.AAFlag | (header.Flags & DnsHeader.RDFlag));
        writer.WriteHeader(new DnsHeader(header.Id, flags, 1, (ushort)_answers.Length, 0, hasOpt ? (ushort)1 : (ushort)0));
        writer.WriteName(qname[..question.NameLength]);
        writer.WriteUInt16((ushort)question.Type);
        writer.WriteUInt16((ushort)question.Class);
        foreach (var data in _answers)
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

    [Benchmark(Description = "DnsMessage.Parse of the same answer (allocating model)")]
    public DnsMessage ParseModel() => DnsMessage.Parse(_response.AsSpan(0, ParseQueryWriteAnswer()));
}
