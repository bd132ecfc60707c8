using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Cache;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Recursive.Tests;

public sealed class CacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static RRset Set(string text) => Resolution.Scrubber.Group(FakeAuthority.Records(text))[0];

    private static CacheEntry Get(RecordCache cache, string name, RecordType type)
    {
        Assert.True(cache.TryGet(DnsName.Parse(name), type, RecordClass.IN, out var entry));
        return entry;
    }

    [Fact]
    public void Cache_TtlCountsDown_ThenEntryExpires()
    {
        var cache = new RecordCache(new CacheOptions(), _time);
        cache.Stash(Set("www.example.test. 100 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(60u, Get(cache, "WWW.example.test.", RecordType.A).RemainingTtl(cache.NowTicks));
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.False(cache.TryGet(DnsName.Parse("www.example.test."), RecordType.A, RecordClass.IN, out _));
    }

    [Fact]
    public void Cache_MaxAndMinTtl_ClampStoredTtl()
    {
        var cache = new RecordCache(new CacheOptions { MaxTtl = TimeSpan.FromSeconds(50), MinTtl = TimeSpan.FromSeconds(10) }, _time);
        cache.Stash(Set("long.test. 100000 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);
        cache.Stash(Set("short.test. 1 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);

        Assert.Equal(50u, Get(cache, "long.test.", RecordType.A).Ttl);
        Assert.Equal(10u, Get(cache, "short.test.", RecordType.A).Ttl);
    }

    [Fact]
    public void Cache_GlueAfterAuthoritativeAnswer_DoesNotReplaceIt()
    {
        var cache = new RecordCache(new CacheOptions(), _time);
        cache.Stash(Set("ns.example.test. 300 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);

        cache.Stash(Set("ns.example.test. 300 A 6.6.6.6"), TrustRank.Glue);

        Assert.Equal("192.0.2.1", ((ARData)Get(cache, "ns.example.test.", RecordType.A).Set!.Records[0]).Address.ToString());
    }

    [Fact]
    public void Cache_AuthoritativeAnswerAfterGlue_ReplacesIt()
    {
        var cache = new RecordCache(new CacheOptions(), _time);
        cache.Stash(Set("ns.example.test. 300 A 6.6.6.6"), TrustRank.Glue);

        cache.Stash(Set("ns.example.test. 300 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);

        Assert.Equal("192.0.2.1", ((ARData)Get(cache, "ns.example.test.", RecordType.A).Set!.Records[0]).Address.ToString());
    }

    [Fact]
    public void Cache_NegativeEntry_TtlIsSoaMinimumWhenLower()
    {
        var cache = new RecordCache(new CacheOptions(), _time);
        var soa = Set("example.test. 3600 SOA ns.example.test. admin.example.test. 1 3600 600 86400 60");

        cache.StashNegative(DnsName.Parse("nope.example.test."), RecordType.A, RecordClass.IN, CacheEntryKind.NxDomain, soa, TrustRank.AuthoritativeAuthority);

        var entry = Get(cache, "nope.example.test.", RecordType.A);
        Assert.Equal(CacheEntryKind.NxDomain, entry.Kind);
        Assert.Equal(60u, entry.Ttl);
    }

    [Fact]
    public void Cache_NegativeWithoutSoa_NotStored()
    {
        var cache = new RecordCache(new CacheOptions(), _time);

        var entry = cache.StashNegative(DnsName.Parse("nope.test."), RecordType.A, RecordClass.IN, CacheEntryKind.NoData, null, TrustRank.AuthoritativeAuthority);

        Assert.Null(entry);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Cache_OverSizeBound_EvictsSoonestToExpireAndStaysUnderBound()
    {
        var options = new CacheOptions { MaxBytes = 64 * 1024 };
        var cache = new RecordCache(options, _time);
        for (int i = 0; i < 2000; i++)
        {
            cache.Stash(Set($"n{i}.example.test. {100 + i} A 192.0.2.1"), TrustRank.AuthoritativeAnswer);
        }

        Assert.True(cache.Bytes <= options.MaxBytes, $"{cache.Bytes} bytes");
        Assert.True(cache.TryGet(DnsName.Parse("n1999.example.test."), RecordType.A, RecordClass.IN, out _));
        Assert.False(cache.TryGet(DnsName.Parse("n0.example.test."), RecordType.A, RecordClass.IN, out _));
    }

    [Fact]
    public void Cache_ServeStale_ExpiredEntryOnlyWhenAsked()
    {
        var cache = new RecordCache(new CacheOptions { ServeStale = true }, _time);
        cache.Stash(Set("www.example.test. 10 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(cache.TryGet(DnsName.Parse("www.example.test."), RecordType.A, RecordClass.IN, out _));
        Assert.True(cache.TryGet(DnsName.Parse("www.example.test."), RecordType.A, RecordClass.IN, out _, allowStale: true));
    }

    [Fact]
    public void Cache_Flush_RemovesNamedEntriesOnly()
    {
        var cache = new RecordCache(new CacheOptions(), _time);
        cache.Stash(Set("a.test. 100 A 192.0.2.1"), TrustRank.AuthoritativeAnswer);
        cache.Stash(Set("a.test. 100 AAAA 2001:db8::1"), TrustRank.AuthoritativeAnswer);
        cache.Stash(Set("b.test. 100 A 192.0.2.2"), TrustRank.AuthoritativeAnswer);

        Assert.Equal(2, cache.Flush(DnsName.Parse("a.test.")));
        Assert.Equal(1, cache.Count);
    }

    private static void RunSynchronously(Pipeline.QueryDelegate pipeline, Pipeline.QueryContext context)
    {
        var pending = pipeline(context);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("a cache hit must complete synchronously");
        }
    }

    [Fact]
    public void RecursiveStage_CacheHitAfterWarmUp_AllocatesNothing()
    {
        var net = new MiniInternet(new RecursiveOptions { Cache = { Prefetch = false } });
        net.Query("alias.example.test.", RecordType.A);
        var context = net.NewContext("alias.example.test.", RecordType.A);
        var pipeline = net.Pipeline;
        for (int i = 0; i < 100; i++)
        {
            context.Reset(context.Request.Length, Pipeline.TransportKind.Udp, context.Client);
            RunSynchronously(pipeline, context);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            context.Reset(context.Request.Length, Pipeline.TransportKind.Udp, context.Client);
            RunSynchronously(pipeline, context);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2, DnsMessage.Parse(context.ResponseBytes).Answers.Count);
    }
}
