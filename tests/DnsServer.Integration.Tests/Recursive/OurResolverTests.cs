using System.Net;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// The mini-internet checks against our server as a resolver. Each case is also asked of Unbound:
/// the rcode and the answer records (names, types, RDATA as sets, TTLs aside) must be Unbound's.
/// </summary>
[Collection(MiniInternetCollection.Name)]
public sealed class OurResolverTests(MiniInternet internet, ITestOutputHelper output) : ResolverTests(internet, output)
{
    private protected override async Task<IPEndPoint> ResolverAsync() => (await Internet.OursAsync()).Endpoint;

    private protected override bool ExplainsLimitsWithEde => true;

    /// <summary>
    /// Ours only: Unbound 1.17 gives a client no answer at all within 60 s when a zone's only server
    /// is silent, so it cannot be the reference here.
    /// </summary>
    [Fact]
    public async Task Limits_OnlySilentServer_ServfailWithinTimeLimit()
    {
        var answer = await AskAsync("www.silent.test.", "A", LoopTimeLimit + TimeSpan.FromSeconds(5));
        Output.WriteLine($"silent.test. NS ns1.silent.test. (127.0.9.7, no listener)\n{answer}");

        Assert.True(answer.Error is null, $"no answer: {answer}");
        Assert.True(answer.Rcode == "SERVFAIL" && answer.Ede.Count > 0, $"expected SERVFAIL with an Extended DNS Error: {answer}");
        Assert.True(answer.Elapsed <= LoopTimeLimit, $"SERVFAIL took {answer.Elapsed.TotalSeconds:F2} s, the limit is {LoopTimeLimit.TotalSeconds} s");
    }

    private protected override async Task CompareWithReferenceAsync(ResolverCase resolverCase, ResolverAnswer answer)
    {
        var unbound = await Internet.Client.AskAsync(Internet.Unbound.Endpoint, resolverCase.QName, resolverCase.QType);
        Output.WriteLine($"unbound: {unbound}");
        Assert.True(
            unbound.Rcode == answer.Rcode && unbound.AnswerKeys.SequenceEqual(answer.AnswerKeys),
            $"{resolverCase.Id} ({resolverCase.What}): ours and Unbound differ.\nours:    {answer}\nunbound: {unbound}");
    }
}
