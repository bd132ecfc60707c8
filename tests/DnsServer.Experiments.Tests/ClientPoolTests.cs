using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Experiments.Tests;

public sealed class ClientPoolTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly long _start;

    public ClientPoolTests()
    {
        _start = _time.GetTimestamp();
    }

    private long Now => (long)_time.GetElapsedTime(_start).TotalMilliseconds;

    [Fact]
    public void Tick_FirstTicks_SpreadOverOneInterval()
    {
        var pool = new ClientPool(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();

        pool.Tick(0, queries, uses);
        Assert.Equal([0], queries);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        pool.Tick(Now, queries, uses);

        Assert.Equal([0, 1, 2], queries);
        Assert.Equal(75, pool.NextDueMs);
    }

    [Fact]
    public void Tick_CachedAnswerFresh_UsedFromCacheWithoutQuery()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();
        pool.Tick(Now, queries, uses);
        pool.OnResponse(0, Now, "127.0.0.21", 2, uses);

        for (int i = 0; i < 19; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            pool.Tick(Now, queries, uses);
        }

        Assert.Single(queries);
        Assert.Equal(20, uses.Count);
        Assert.False(uses[0].FromCache);
        Assert.All(uses.Skip(1), u => Assert.True(u.FromCache));
        Assert.Equal(2, uses[1].Ttl);
        Assert.Equal(1, uses[^1].Ttl);
    }

    [Fact]
    public void Tick_TtlExpired_QueriesAgainAndUsesNothingUntilAnswered()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();
        pool.Tick(Now, queries, uses);
        pool.OnResponse(0, Now, "127.0.0.21", 1, uses);

        for (int i = 0; i < 11; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            pool.Tick(Now, queries, uses);
        }

        Assert.Equal(2, queries.Count);
        Assert.Equal(10, uses.Count);
        pool.OnResponse(0, Now, "127.0.0.22", 1, uses);
        Assert.Equal(new AnswerUse(1100, 0, "127.0.0.22", 1, false), uses[^1]);
    }

    [Fact]
    public void Tick_QueryUnansweredPastTimeout_CountsLostAndAsksAgain()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();

        for (int i = 0; i <= 3; i++)
        {
            pool.Tick(Now, queries, uses);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(2, queries.Count);
        Assert.Equal(1, pool.QueriesLost);
        Assert.False(pool.OnResponse(0, Now, "127.0.0.21", 5, uses) && uses.Count == 0);
    }

    [Fact]
    public void OnResponse_NoQueryOutstanding_Ignored()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var uses = new List<AnswerUse>();

        Assert.False(pool.OnResponse(0, 0, "127.0.0.21", 5, uses));
        Assert.Empty(uses);
    }

    [Fact]
    public void OnResponse_NoAddress_CountsEmptyAndKeepsCache()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();
        pool.Tick(0, queries, uses);

        pool.OnResponse(0, 10, null, 0, uses);

        Assert.Equal(1, pool.EmptyAnswers);
        Assert.Null(pool.CurrentAddress(0));
        Assert.Empty(uses);
    }

    [Fact]
    public void Tick_LoopFellBehind_SkipsAheadInsteadOfBursting()
    {
        var pool = new ClientPool(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        var queries = new List<int>();
        var uses = new List<AnswerUse>();
        pool.Tick(0, queries, uses);
        pool.OnResponse(0, 0, "127.0.0.21", 60, uses);

        pool.Tick(1000, queries, uses);

        Assert.Equal(2, uses.Count);
        Assert.Equal(1100, pool.NextDueMs);
    }
}
