using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// Counts queries by transport, QTYPE and RCODE, by the stage that answered, and their latency
/// as a histogram; recorded by <see cref="DiagnosticsStage"/> on the query path without a lock
/// or an allocation, written out at a scrape. docs/metrics.md lists each metric.
/// </summary>
public sealed class QueryMetrics : IMetricsSource
{
    /// <summary>QTYPEs counted under their own label; every other type is counted as <c>other</c>.</summary>
    private static readonly RecordType[] Types =
    [
        RecordType.A, RecordType.NS, RecordType.CNAME, RecordType.SOA, RecordType.PTR, RecordType.MX, RecordType.TXT,
        RecordType.AAAA, RecordType.SRV, RecordType.NAPTR, RecordType.DS, RecordType.RRSIG, RecordType.NSEC,
        RecordType.DNSKEY, RecordType.NSEC3, RecordType.SVCB, RecordType.HTTPS, RecordType.CAA, RecordType.ANY,
        RecordType.AXFR, RecordType.IXFR,
    ];

    /// <summary>Upper bounds of the latency buckets, in microseconds.</summary>
    private static readonly long[] BucketMicros = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000];

    /// <summary>RCODEs 0–23 by value, then <c>other</c>, then <c>none</c> for queries dropped unanswered.</summary>
    private const int RcodeSlots = 26;

    private const int OtherRcode = 24;
    private const int DroppedRcode = 25;
    private const int Transports = 2;
    private const int Sources = 7;

    private static readonly byte[] TypeSlot = BuildTypeSlots();

    private readonly StripedCounters _counters;
    private readonly int _sourceBase;
    private readonly int _bucketBase;
    private readonly int _sumIndex;

    public QueryMetrics()
    {
        int queries = Transports * (Types.Length + 1) * RcodeSlots;
        _sourceBase = queries;
        _bucketBase = _sourceBase + Sources;
        _sumIndex = _bucketBase + BucketMicros.Length + 1;
        _counters = new StripedCounters(_sumIndex + 1);
    }

    /// <summary>Counts one finished query.</summary>
    public void Record(TransportKind transport, RecordType qtype, ResponseCode rcode, bool dropped, AnswerSource answeredBy, long latencyMicros)
    {
        int rcodeSlot = dropped ? DroppedRcode : (ushort)rcode < OtherRcode ? (ushort)rcode : OtherRcode;
        int typeSlot = (ushort)qtype < TypeSlot.Length ? TypeSlot[(ushort)qtype] : Types.Length;
        var counters = _counters.Writer();
        counters.Increment((((int)transport * (Types.Length + 1)) + typeSlot) * RcodeSlots + rcodeSlot);
        counters.Increment(_sourceBase + Math.Min((int)answeredBy, Sources - 1));
        int bucket = 0;
        while (bucket < BucketMicros.Length && latencyMicros > BucketMicros[bucket])
        {
            bucket++;
        }

        counters.Increment(_bucketBase + bucket);
        counters.Add(_sumIndex, latencyMicros);
    }

    public void WriteTo(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("dns_queries_total", "counter", "DNS queries answered (or dropped), by transport, QTYPE and RCODE.");
        for (int transport = 0; transport < Transports; transport++)
        {
            for (int type = 0; type <= Types.Length; type++)
            {
                for (int rcode = 0; rcode < RcodeSlots; rcode++)
                {
                    long count = _counters.Sum(((transport * (Types.Length + 1)) + type) * RcodeSlots + rcode);
                    if (count > 0)
                    {
                        writer.Sample("dns_queries_total", count, ("transport", transport == 0 ? "udp" : "tcp"), ("qtype", TypeLabel(type)), ("rcode", RcodeLabel(rcode)));
                    }
                }
            }
        }

        writer.Family("dns_answers_by_stage_total", "counter", "DNS queries by the pipeline stage that produced the response.");
        for (int source = 0; source < Sources; source++)
        {
            writer.Sample("dns_answers_by_stage_total", _counters.Sum(_sourceBase + source), ("stage", ((AnswerSource)source).ToString().ToLowerInvariant()));
        }

        writer.Family("dns_query_duration_seconds", "histogram", "Time from the read that brought the query to its response being written.");
        long cumulative = 0;
        for (int bucket = 0; bucket <= BucketMicros.Length; bucket++)
        {
            cumulative += _counters.Sum(_bucketBase + bucket);
            string bound = bucket < BucketMicros.Length ? MetricsWriter.Format(BucketMicros[bucket] / 1e6) : "+Inf";
            writer.Sample("dns_query_duration_seconds_bucket", cumulative, ("le", bound));
        }

        writer.Sample("dns_query_duration_seconds_sum", _counters.Sum(_sumIndex) / 1e6);
        writer.Sample("dns_query_duration_seconds_count", cumulative);
    }

    private static string TypeLabel(int slot) => slot < Types.Length ? RecordTypeText.ToText(Types[slot]) : "other";

    private static string RcodeLabel(int slot) => slot switch
    {
        DroppedRcode => "none",
        OtherRcode => "other",
        _ => Enum.IsDefined((ResponseCode)slot) ? ((ResponseCode)slot).ToString().ToUpperInvariant() : $"RCODE{slot}",
    };

    private static byte[] BuildTypeSlots()
    {
        var slots = new byte[ushort.MaxValue + 1];
        Array.Fill(slots, (byte)Types.Length);
        for (int i = 0; i < Types.Length; i++)
        {
            slots[(ushort)Types[i]] = (byte)i;
        }

        return slots;
    }
}
