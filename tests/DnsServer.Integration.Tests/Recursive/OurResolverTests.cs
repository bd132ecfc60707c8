using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
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

    /// <summary><c>dnsserver cache dump</c> and <c>cache flush NAME</c> reach the running resolver through its control socket.</summary>
    [Fact]
    public async Task CacheCommands_DumpThenFlushName_EntrySeenThenGone()
    {
        var ours = await Internet.OursAsync();
        var answer = await AskAsync("www.glued.test.", "A");
        Assert.Equal("NOERROR", answer.Rcode);

        var dump = await ServerProcess.RunToExitAsync(["cache", "dump", "--data", ours.DataDirectory]);
        var flush = await ServerProcess.RunToExitAsync(["cache", "flush", "www.glued.test.", "--data", ours.DataDirectory]);
        var after = await ServerProcess.RunToExitAsync(["cache", "dump", "--data", ours.DataDirectory]);
        Output.WriteLine($"dump:\n{dump.StandardOutput}\nflush: {flush.StandardOutput}{flush.StandardError}");

        Assert.Equal(0, dump.ExitCode);
        Assert.Contains(OwnedBy(dump.StandardOutput, "www.glued.test."), line => line.Contains("\tA\t192.0.2.10", StringComparison.Ordinal));
        Assert.Equal(0, flush.ExitCode);
        Assert.Matches("flushed [1-9][0-9]* entries", flush.StandardOutput);
        Assert.Equal(0, after.ExitCode);
        Assert.Empty(OwnedBy(after.StandardOutput, "www.glued.test."));
    }

    /// <summary>The dump lines whose owner is <paramref name="name"/> (other lines may name it in their data).</summary>
    private static string[] OwnedBy(string dump, string name) =>
        [.. dump.Split('\n').Where(line => line.StartsWith(name + "\t", StringComparison.Ordinal))];

    [Fact]
    public async Task CacheCommand_NoServerInDataFolder_ExitsOne()
    {
        using var empty = new TempDirectory("nocontrol");

        var result = await ServerProcess.RunToExitAsync(["cache", "dump", "--data", empty.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no running server found", result.StandardError, StringComparison.Ordinal);
    }
}
