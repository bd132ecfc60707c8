using BenchmarkDotNet.Attributes;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Tests.Shared.Codec;

namespace Benchmarks;

/// <summary>The codec's share of answering a query: read header, question and OPT, write a three-record answer.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _query = ThreeRecordAnswer.Query();

    private readonly RData[] _answers = ThreeRecordAnswer.Answers();

    private readonly byte[] _response = new byte[1232];

    [Benchmark(Description = "parse a query and write a 3-record answer")]
    public int ParseQueryWriteAnswer() => ThreeRecordAnswer.Write(_query, _response, _answers);

    [Benchmark(Description = "DnsMessage.Parse of the same answer (allocating model)")]
    public DnsMessage ParseModel() => DnsMessage.Parse(_response.AsSpan(0, ParseQueryWriteAnswer()));
}
