using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// What every resolver under test must do in the mini-internet: the cases of
/// <see cref="ResolverCases"/>, the cache (no upstream query on a hit, TTLs counting down, expiry,
/// negative caching for the SOA minimum), TCP after truncation, and loops ending in SERVFAIL.
/// Upstream queries are counted at the authoritative servers (NSD and Knot statistics).
/// <see cref="UnboundResolverTests"/> runs them against Unbound, <see cref="OurResolverTests"/>
/// against our server, which must also give Unbound's rcode and answer for every case.
/// </summary>
public abstract class ResolverTests
{
    /// <summary>How long a loop may take to end in SERVFAIL (our server gets it as <c>Recursion:MaxQueryTime</c>).</summary>
    public static readonly TimeSpan LoopTimeLimit = TimeSpan.FromSeconds(5);

    /// <summary>Upstream queries a loop may cost, over all authoritative servers (our server gets it as <c>Recursion:MaxSubQueries</c>).</summary>
    public const int LoopQueryLimit = 50;

    /// <summary>
    /// How long after its TTL ran out a record may still be served: Unbound keeps time in whole
    /// seconds, so a 2-second record may live until the third second ends; one more second covers polling.
    /// </summary>
    public static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(2);

    private static int s_ttl2Address = 100;

    private protected ResolverTests(MiniInternet internet, ITestOutputHelper output)
    {
        Internet = internet;
        Output = output;
    }

    private protected MiniInternet Internet { get; }

    private protected ITestOutputHelper Output { get; }

    [Theory]
    [MemberData(nameof(ResolverCases.Ids), MemberType = typeof(ResolverCases))]
    public async Task Resolve_MiniInternetCase_ExpectedRcodeAndAnswer(string id)
    {
        var resolverCase = ResolverCases.Get(id);
        if (resolverCase.Prime is var (primeName, primeType))
        {
            Output.WriteLine($"asked first: {await AskAsync(primeName, primeType)}");
        }

        var answer = await AskAsync(resolverCase.QName, resolverCase.QType);
        Output.WriteLine($"{resolverCase.Id}: {resolverCase.What}\n{answer}");
        await CompareWithReferenceAsync(resolverCase, answer);

        Assert.True(answer.Error is null, $"no answer: {answer}");
        Assert.True(answer.RecursionAvailable, $"RA is not set: {answer}");
        Assert.True(resolverCase.Rcode == answer.Rcode, $"rcode {answer.Rcode}, expected {resolverCase.Rcode}: {answer}");
        Assert.True(
            resolverCase.ExpectedKeys.SequenceEqual(answer.AnswerKeys),
            $"answer differs from the zones'.\nexpected:\n  {string.Join("\n  ", resolverCase.ExpectedKeys)}\ngot: {answer}");
        AssertTtlsNotAboveAuthoritative(resolverCase.ExpectedRecords, answer);
        if (resolverCase.NegativeSoaZone is { } zone)
        {
            var soa = answer.Authority.SingleOrDefault(r => r.Type == "SOA");
            Assert.True(soa is not null && soa.Name == zone, $"a negative answer must carry the SOA of {zone}: {answer}");
            Assert.True(soa.Ttl <= resolverCase.NegativeTtl, $"negative TTL {soa.Ttl} above the zone's {resolverCase.NegativeTtl}: {answer}");
        }
    }

    [Fact]
    public async Task Cache_SecondQueryForName_NoUpstreamQueryAndTtlNotHigher()
    {
        var first = await AskAsync("stable.cache.lab.", "A");
        Assert.True(first.AnswerKeys.SequenceEqual(["stable.cache.lab. A 192.0.2.60"]), $"first answer: {first}");
        await Task.Delay(200);
        var before = Internet.UpstreamCounters();
        var second = await AskAsync("stable.cache.lab.", "A");
        var upstream = Internet.UpstreamCounters() - before;
        Output.WriteLine($"first: {first}\nsecond: {second}\nupstream queries for the second: {upstream.Queries}");

        Assert.True(upstream.Queries == 0, $"the second query made {upstream.Queries} upstream queries");
        Assert.True(second.AnswerKeys.SequenceEqual(first.AnswerKeys), $"second answer differs: {second}");
        Assert.True(second.Answer[0].Ttl <= first.Answer[0].Ttl, $"TTL went up from {first.Answer[0].Ttl} to {second.Answer[0].Ttl}");
        Assert.True(first.Answer[0].Ttl <= 300, $"TTL {first.Answer[0].Ttl} above the authoritative 300");
    }

    [Fact]
    public async Task Cache_TwoSecondTtlExpires_ChangedRecordSeen()
    {
        int next = Interlocked.Add(ref s_ttl2Address, 2);
        string before = $"192.0.2.{next}";
        string after = $"192.0.2.{next + 1}";
        await Internet.ChangeTtl2RecordAsync(before);

        var first = await AskAsync("ttl2.cache.lab.", "A");
        var cachedAt = Stopwatch.StartNew();
        Output.WriteLine($"with {before} on the server: {first}");
        Assert.True(first.AnswerKeys.SequenceEqual([$"ttl2.cache.lab. A {before}"]), $"first answer: {first}");
        Assert.True(first.Answer[0].Ttl <= 2, $"TTL {first.Answer[0].Ttl} above the authoritative 2");

        await Internet.ChangeTtl2RecordAsync(after);
        if (cachedAt.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            var counters = Internet.UpstreamCounters();
            var cached = await AskAsync("ttl2.cache.lab.", "A");
            var upstream = Internet.UpstreamCounters() - counters;
            Output.WriteLine($"changed to {after}, {cachedAt.ElapsedMilliseconds} ms after the first answer: {cached} ({upstream.Queries} upstream)");
            Assert.True(cached.AnswerKeys.SequenceEqual(first.AnswerKeys), $"within the TTL the cached record must be served: {cached}");
            Assert.True(upstream.Queries == 0, $"within the TTL it asked upstream {upstream.Queries} times");
        }

        var seen = await PollAsync(cachedAt, TimeSpan.FromSeconds(2), async () =>
        {
            var answer = await AskAsync("ttl2.cache.lab.", "A");
            return answer.AnswerKeys.SequenceEqual([$"ttl2.cache.lab. A {after}"]) ? answer : null;
        });
        Assert.True(seen is not null, $"{after} not seen {(TimeSpan.FromSeconds(2) + ExpirySlack).TotalSeconds} s after a 2-second record was cached");
        Output.WriteLine($"{cachedAt.ElapsedMilliseconds} ms after the first answer: {seen}");
    }

    [Fact]
    public async Task Cache_NegativeAnswers_CachedForSoaMinimumThenAskedAgain()
    {
        (string QName, string QType, string Rcode)[] questions = [("missing.cache.lab.", "A", "NXDOMAIN"), ("stable.cache.lab.", "TXT", "NOERROR")];
        foreach (var (qname, qtype, rcode) in questions)
        {
            var answer = await AskAsync(qname, qtype);
            Output.WriteLine(answer.ToString());
            Assert.True(answer.Rcode == rcode && answer.Answer.Count == 0, $"expected {rcode} without answer records: {answer}");
            var soa = answer.Authority.SingleOrDefault(r => r.Type == "SOA");
            Assert.True(soa is not null && soa.Name == "cache.lab." && soa.Ttl <= 2, $"expected cache.lab.'s SOA with a TTL of at most its minimum, 2: {answer}");
        }

        var cachedAt = Stopwatch.StartNew();
        await Task.Delay(200);
        var counters = Internet.UpstreamCounters();
        foreach (var (qname, qtype, rcode) in questions)
        {
            var again = await AskAsync(qname, qtype);
            Assert.True(again.Rcode == rcode, $"second answer: {again}");
        }

        var upstream = Internet.UpstreamCounters() - counters;
        Assert.True(upstream.Queries == 0, $"negative answers asked again within the SOA minimum made {upstream.Queries} upstream queries");

        foreach (var (qname, qtype, _) in questions)
        {
            var refetched = await PollAsync(cachedAt, TimeSpan.FromSeconds(2), async () =>
            {
                var start = Internet.UpstreamCounters();
                var answer = await AskAsync(qname, qtype);
                return (Internet.UpstreamCounters() - start).Queries > 0 ? answer : null;
            });
            Assert.True(refetched is not null, $"{qname} {qtype} still answered from the cache {(TimeSpan.FromSeconds(2) + ExpirySlack).TotalSeconds} s after; the SOA minimum is 2 s");
            Output.WriteLine($"asked upstream again {cachedAt.ElapsedMilliseconds} ms after: {refetched}");
        }
    }

    [Fact]
    public async Task Truncation_AnswerOverUdpLimit_FetchedOverTcpUpstream()
    {
        var before = Internet.UpstreamCounters();
        var answer = await AskAsync("big.hosting.lab.", "TXT");
        var upstream = Internet.UpstreamCounters() - before;
        Output.WriteLine($"{answer}\nupstream: {upstream.Queries} queries, {upstream.TcpQueries} over TCP");

        string[] expected = [.. "abcdef".Select(letter => $"big.hosting.lab. TXT \"{new string(letter, 250)}\"")];
        Assert.True(answer.Rcode == "NOERROR" && answer.AnswerKeys.SequenceEqual(expected), $"expected the 6 TXT strings: {answer}");
        Assert.True(answer.Answer.All(r => r.Ttl <= 300), $"TTL above the authoritative 300: {answer}");
        Assert.True(upstream.TcpQueries >= 1, "no upstream query went over TCP, yet the answer does not fit in 1,232 bytes");
    }

    [Fact]
    public Task Limits_CnameLoop_ServfailInTimeWithBoundedQueries() =>
        AssertLoopEndsAsync("www.cl.test.", "www.cl.test. CNAME www.cl.lab., www.cl.lab. CNAME www.cl.test.");

    [Fact]
    public Task Limits_DelegationLoop_ServfailInTimeWithBoundedQueries() =>
        AssertLoopEndsAsync("www.loop1.test.", "loop1.test. NS ns.loop2.lab., loop2.lab. NS ns.loop1.test., no glue");

    /// <summary>The resolver under test.</summary>
    private protected abstract Task<IPEndPoint> ResolverAsync();

    /// <summary>Whether a limit's SERVFAIL must carry an Extended DNS Error (RFC 8914); Unbound 1.17 sends none by default.</summary>
    private protected virtual bool ExplainsLimitsWithEde => false;

    /// <summary>Compares with the reference resolver; nothing to do when the subject is the reference.</summary>
    private protected virtual Task CompareWithReferenceAsync(ResolverCase resolverCase, ResolverAnswer answer) => Task.CompletedTask;

    private protected async Task<ResolverAnswer> AskAsync(string qname, string qtype, TimeSpan? timeout = null) =>
        await Internet.Client.AskAsync(await ResolverAsync(), qname, qtype, timeout);

    private static void AssertTtlsNotAboveAuthoritative(IReadOnlyList<ResolverRecord> expected, ResolverAnswer answer)
    {
        foreach (var record in answer.Answer)
        {
            var authoritative = expected.FirstOrDefault(e => e.Key == record.Key);
            Assert.True(authoritative is null || record.Ttl <= authoritative.Ttl, $"{record} has a TTL above the authoritative {authoritative?.Ttl}");
        }
    }

    /// <summary>From <paramref name="clock"/> + <paramref name="ttl"/> on, tries every 250 ms until it gives an answer or the slack runs out.</summary>
    private static async Task<ResolverAnswer?> PollAsync(Stopwatch clock, TimeSpan ttl, Func<Task<ResolverAnswer?>> attempt)
    {
        if (clock.Elapsed < ttl)
        {
            await Task.Delay(ttl - clock.Elapsed);
        }

        while (true)
        {
            if (await attempt() is { } answer)
            {
                return answer;
            }

            if (clock.Elapsed > ttl + ExpirySlack)
            {
                return null;
            }

            await Task.Delay(250);
        }
    }

    private async Task AssertLoopEndsAsync(string qname, string loop)
    {
        var before = Internet.UpstreamCounters();
        var answer = await AskAsync(qname, "A", LoopTimeLimit + TimeSpan.FromSeconds(5));
        await Task.Delay(200);
        var upstream = Internet.UpstreamCounters() - before;
        Output.WriteLine($"{loop}\n{answer}\nupstream queries: {upstream.Queries}");

        Assert.True(answer.Error is null, $"no answer: {answer}");
        Assert.True(answer.Rcode == "SERVFAIL", $"a loop ({loop}) must end in SERVFAIL: {answer}");
        Assert.True(!ExplainsLimitsWithEde || answer.Ede.Count > 0, $"the SERVFAIL carries no Extended DNS Error: {answer}");
        Assert.True(answer.Elapsed <= LoopTimeLimit, $"SERVFAIL took {answer.Elapsed.TotalSeconds:F2} s, the limit is {LoopTimeLimit.TotalSeconds} s");
        Assert.True(upstream.Queries <= LoopQueryLimit, $"the loop cost {upstream.Queries} upstream queries, the bound is {LoopQueryLimit}");
    }
}
