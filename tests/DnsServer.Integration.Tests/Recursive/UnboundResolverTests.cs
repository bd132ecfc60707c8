using System.Net;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// The mini-internet checks against Unbound: they prove the harness (zones, servers, counters)
/// and make Unbound's answers the reference for <see cref="OurResolverTests"/>.
/// </summary>
[Collection(MiniInternetCollection.Name)]
public sealed class UnboundResolverTests(MiniInternet internet, ITestOutputHelper output) : ResolverTests(internet, output)
{
    private protected override Task<IPEndPoint> ResolverAsync() => Task.FromResult(Internet.Unbound.Endpoint);
}
