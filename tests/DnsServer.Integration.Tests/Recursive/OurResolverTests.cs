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

    private protected override async Task CompareWithReferenceAsync(ResolverCase resolverCase, ResolverAnswer answer)
    {
        var unbound = await Internet.Client.AskAsync(Internet.Unbound.Endpoint, resolverCase.QName, resolverCase.QType);
        Output.WriteLine($"unbound: {unbound}");
        Assert.True(
            unbound.Rcode == answer.Rcode && unbound.AnswerKeys.SequenceEqual(answer.AnswerKeys),
            $"{resolverCase.Id} ({resolverCase.What}): ours and Unbound differ.\nours:    {answer}\nunbound: {unbound}");
    }
}
