using System.Text;
using DnsServer.Authoritative.Answering;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using Xunit.Abstractions;

namespace DnsServer.Conformance.Tests.Ferret;

/// <summary>
/// Runs every valid Ferret test in-process against the authoritative engine and compares with
/// the corpus's rule (its README): rcode, flags but RA, question/answer/additional as sets with
/// TTLs, authority only when an answer section is empty. The reference is the response group that
/// holds both NSD and Knot; when they split, either one's group counts.
/// </summary>
public sealed class FerretAnswerTests(ITestOutputHelper output)
{
    /// <summary>The share of tests that must match, per the conformance goal.</summary>
    private const double RequiredMatchRate = 0.99;

    [Fact]
    public void ValidCorpus_AnswersMatchNsdAndKnot_AtLeast99Percent()
    {
        var holder = new ZoneCatalogHolder();
        var pipeline = new QueryPipelineBuilder()
            .Use(new ValidationStage())
            .Use(new ResponseFinalizerStage())
            .Use(new AuthoritativeStage(holder))
            .Build();
        var context = new QueryContext();
        var mismatches = new List<(FerretAnswerTest Test, FerretQuery Query, DnsMessage Ours, string Parts)>();
        int total = 0;

        foreach (var test in FerretAnswers.Read())
        {
            holder.Replace(new ZoneCatalog([BuildZone(test)]));
            foreach (var query in test.Queries)
            {
                total++;
                var response = Ask(pipeline, context, query);
                var references = References(query);
                var parts = references.Select(r => Differences(response, r)).MinBy(d => d.Length)!;
                if (parts.Length > 0)
                {
                    mismatches.Add((test, query, response, parts));
                }
            }
        }

        double rate = 1 - ((double)mismatches.Count / total);
        var report = Report(total, mismatches);
        output.WriteLine(report);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "ferret-answers-report.txt"), report);
        Assert.True(total >= 12_673, $"only {total} queries read from the corpus");
        Assert.True(rate >= RequiredMatchRate, $"matched {rate:P2} of {total}, below {RequiredMatchRate:P0}\n{report}");
    }

    private static Zone BuildZone(FerretAnswerTest test)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = DnsName.Root, AllowInclude = false });
        var records = reader.Read(new StringReader(test.Zone)).Select(r => r.Record).ToList();
        var origin = records.First(r => r.Type == RecordType.SOA).Name;
        var builder = new ZoneBuilder(origin, $"ferret#{test.Id}");
        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Build();
    }

    private static DnsMessage Ask(QueryDelegate pipeline, QueryContext context, FerretQuery query)
    {
        // As the corpus was made: UDP, no flags (RD clear), no EDNS.
        var request = new DnsMessage { Id = 1, Flags = 0, Questions = [new DnsQuestion(query.Name, query.Type)] }.ToArray();
        context.Reset(request, TransportKind.Udp, default);
        pipeline(context).AsTask().Wait();
        return DnsMessage.Parse(context.ResponseBytes);
    }

    private static IEnumerable<FerretResponse> References(FerretQuery query)
    {
        var both = query.Groups.Where(g => g.HasServer("nsd") && g.HasServer("knot")).ToList();
        return both.Count > 0 ? both : query.Groups.Where(g => g.HasServer("nsd") || g.HasServer("knot"));
    }

    /// <summary>The parts that differ, comma-separated; empty when the responses are equal by the corpus's rule.</summary>
    private static string Differences(DnsMessage ours, FerretResponse expected)
    {
        var parts = new List<string>();
        if (ours.ResponseCode != expected.Rcode)
        {
            parts.Add("rcode");
        }

        if (!Flags(ours).SetEquals(expected.Flags.Where(f => f != "RA")))
        {
            parts.Add("flags");
        }

        if (!SameSet(ours.Answers, expected.Answer))
        {
            parts.Add("answer");
        }

        if ((ours.Answers.Count == 0 || expected.Answer.Count == 0) && !SameSet(ours.Authority, expected.Authority))
        {
            parts.Add("authority");
        }

        if (!SameSet(ours.Additional, expected.Additional))
        {
            parts.Add("additional");
        }

        return string.Join(',', parts);
    }

    private static HashSet<string> Flags(DnsMessage message)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        (ushort Bit, string Name)[] known = [(DnsHeader.QRFlag, "QR"), (DnsHeader.AAFlag, "AA"), (DnsHeader.TCFlag, "TC"), (DnsHeader.RDFlag, "RD"), (DnsHeader.ADFlag, "AD"), (DnsHeader.CDFlag, "CD")];
        foreach (var (bit, name) in known)
        {
            if ((message.Flags & bit) != 0)
            {
                flags.Add(name);
            }
        }

        return flags;
    }

    private static bool SameSet(IReadOnlyList<ResourceRecord> ours, IReadOnlyList<ResourceRecord> expected)
    {
        var left = ours.Select(Key).ToHashSet();
        var right = expected.Select(Key).ToHashSet();
        return left.SetEquals(right);
    }

    private static (DnsName, RecordType, RecordClass, uint, RData) Key(ResourceRecord record) =>
        (record.Name, record.Type, record.Class, record.Ttl, record.Data);

    private static string Report(int total, List<(FerretAnswerTest Test, FerretQuery Query, DnsMessage Ours, string Parts)> mismatches)
    {
        var text = new StringBuilder();
        text.AppendLine($"Ferret valid corpus: {total - mismatches.Count} of {total} queries match the NSD+Knot group ({(double)(total - mismatches.Count) / total:P2}); {mismatches.Count} differ.");
        foreach (var group in mismatches.GroupBy(m => $"{m.Query.Type} tag {m.Query.Tag}: {m.Parts}").OrderByDescending(g => g.Count()))
        {
            var example = group.First();
            text.AppendLine($"- {group.Key}: {group.Count()} (e.g. test {example.Test.Id}, {example.Query.Name} {example.Query.Type})");
        }

        foreach (var (test, query, ours, parts) in mismatches.Take(5))
        {
            text.AppendLine().AppendLine($"== test {test.Id}: {query.Name} {query.Type} differs in {parts}");
            text.AppendLine(test.Zone.TrimEnd());
            text.AppendLine("-- expected (" + string.Join(" / ", query.Groups.Select(g => g.Servers.Trim())) + "):");
            text.AppendLine(string.Join('\n', References(query).First().Text));
            text.AppendLine("-- ours:").AppendLine(ours.ToString());
        }

        return text.ToString();
    }
}
