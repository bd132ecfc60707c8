using DnsServer.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Differential;

/// <summary>
/// The same queries on real sockets to our server, NSD and Knot (docs/conformance.md, "Differential
/// tests on sockets"). Where NSD and Knot agree and we differ, the test fails; where they disagree
/// with each other, ours must equal one of them, and the output says which. (They disagree, for
/// one, on CNAMEs into another zone the same server holds: NSD follows them, as RFC 1034 §4.3.2
/// step 3a says, and so do we; Knot stops at the CNAME.)
/// </summary>
[Collection(LoopbackServersCollection.Name)]
public sealed class DifferentialTests(LoopbackServers servers, ITestOutputHelper output)
{
    public static TheoryData<string> Cases => [.. DifferentialCases.All.Select(c => c.Id)];

    public static TheoryData<string> TruncationCases =>
        [.. DifferentialCases.All.Where(c => c.QName.Contains("txt.", StringComparison.Ordinal) || c.QName.StartsWith("manya.", StringComparison.Ordinal)).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Response_SameQueryAsPeers_MatchesPeers(string caseId)
    {
        var run = servers.Shared(DifferentialRun.Execute);
        var ours = run.Answer(caseId, "ours");
        var nsd = run.Answer(caseId, "nsd");
        var knot = run.Answer(caseId, "knot");
        output.WriteLine($"ours: {ours}\nnsd:  {nsd}\nknot: {knot}");

        var peersDiffer = ServerAnswer.Differences(nsd, knot);
        if (DifferentialCases.ById(caseId).QType == "ANY")
        {
            var anyDifferences = ServerAnswer.AnyDifferences(ours, [nsd, knot]);
            Assert.True(anyDifferences.Count == 0, $"{caseId}: {string.Join("; ", anyDifferences)}\nours: {ours}\nnsd:  {nsd}\nknot: {knot}");
            return;
        }

        var fromKnot = ServerAnswer.Differences(ours, knot);
        var fromNsd = ServerAnswer.Differences(ours, nsd);
        if (peersDiffer.Count > 0)
        {
            output.WriteLine($"NSD and Knot differ ({string.Join("; ", peersDiffer)}): ours matches {(fromKnot.Count == 0 ? "Knot" : fromNsd.Count == 0 ? "NSD" : "neither")}");
        }

        Assert.True(
            fromKnot.Count == 0 || (peersDiffer.Count > 0 && fromNsd.Count == 0),
            $"{caseId}: ours differs from {(peersDiffer.Count == 0 ? "NSD and Knot" : "both NSD and Knot")}: {string.Join("; ", fromKnot)}\n" +
            $"ours: {ours}\nnsd:  {nsd}\nknot: {knot}");
    }

    /// <summary>
    /// Over UDP a response that does not fit the client's limit (512 without EDNS, else its
    /// payload size, and never more than the 1232 bytes all three servers offer) has TC set and
    /// fits; one that fits is whole. The full size is the TCP answer's.
    /// </summary>
    [Theory]
    [MemberData(nameof(TruncationCases))]
    public void Truncation_ResponseOverClientLimit_SetsTcAndFits(string caseId)
    {
        var run = servers.Shared(DifferentialRun.Execute);
        var query = DifferentialCases.ById(caseId);
        var overTcp = new DifferentialCase(query.QName, query.QType, QueryTransport.TcpPlain).Id;
        foreach (var (name, _) in servers.All)
        {
            var answer = run.Answer(caseId, name);
            int whole = run.Answer(overTcp, name).Size + (query.Transport.EdnsPayload is null ? 0 : 11);
            int limit = query.Transport.Tcp ? query.Transport.SizeLimit : Math.Min(query.Transport.SizeLimit, query.Transport.EdnsPayload is null ? 512 : 1232);
            output.WriteLine($"{name}: size {answer.Size}, TC {answer.Truncated}, whole {whole}, limit {limit}: {answer}");
            Assert.True(answer.Responded, $"{name} did not answer {caseId}");
            Assert.True(answer.Size <= query.Transport.SizeLimit, $"{name}: {answer.Size} bytes over the limit {query.Transport.SizeLimit}");
            Assert.True(answer.Truncated == (whole > limit), $"{name}: TC {answer.Truncated} but the whole answer is {whole} bytes and the limit {limit}");
        }
    }
}
