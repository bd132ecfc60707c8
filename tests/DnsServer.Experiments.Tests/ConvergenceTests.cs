namespace DnsServer.Experiments.Tests;

public sealed class ConvergenceTests
{
    private const string Dead = "127.0.0.22";
    private const string Alive = "127.0.0.21";

    [Fact]
    public void Measure_Leave_OnlyClientsOnTheMemberAtTheActionCount()
    {
        AnswerUse[] uses =
        [
            new(0, 0, Dead, 2, false), new(0, 1, Alive, 2, false), new(0, 2, Dead, 2, false), new(0, 3, Dead, 2, false),
            new(1100, 0, Alive, 2, false), new(1500, 2, Alive, 2, false), new(2000, 3, Alive, 2, false),
        ];

        var result = Convergence.Measure(uses, 4, new ActionRecord(1000, "stop", ConvergenceKind.Leave, Dead, null), 5000);

        Assert.Equal(new ConvergenceResult(3, 3, 500, 1000, 1000, 1000), result);
    }

    [Fact]
    public void Measure_Leave_ClientBackOnMemberLater_ConvergesAtItsLastMove()
    {
        AnswerUse[] uses =
        [
            new(0, 0, Dead, 2, false), new(1200, 0, Alive, 2, false), new(1400, 0, Dead, 2, false), new(2500, 0, Alive, 2, false),
        ];

        var result = Convergence.Measure(uses, 1, new ActionRecord(1000, "stop", ConvergenceKind.Leave, Dead, null), 5000);

        Assert.Equal(1500, result.P100Ms);
    }

    [Fact]
    public void Measure_Leave_ClientStillOnMemberAtWindowEnd_NoFullConvergence()
    {
        AnswerUse[] uses = [new(0, 0, Dead, 2, false), new(0, 1, Dead, 2, false), new(1300, 0, Alive, 2, false), new(6000, 1, Alive, 2, false)];

        var result = Convergence.Measure(uses, 2, new ActionRecord(1000, "stop", ConvergenceKind.Leave, Dead, null), 5000);

        Assert.Equal(new ConvergenceResult(2, 1, 300, null, null, null), result);
    }

    [Fact]
    public void Measure_Refresh_FirstAnswerFromAQueryAfterTheAction()
    {
        AnswerUse[] uses =
        [
            new(0, 0, Dead, 2, false), new(0, 1, Alive, 2, false),
            new(1100, 0, Dead, 1, true), new(1200, 1, Alive, 2, false), new(2000, 0, Alive, 2, false),
        ];

        var result = Convergence.Measure(uses, 2, new ActionRecord(1000, "weight", ConvergenceKind.Refresh, Dead, null), 5000);

        Assert.Equal(new ConvergenceResult(2, 2, 200, 1000, 1000, 1000), result);
    }

    [Theory]
    [InlineData(0.5, 100, 50)]
    [InlineData(0.9, 100, 90)]
    [InlineData(0.99, 100, 99)]
    [InlineData(1.0, 100, 100)]
    [InlineData(0.99, 7, 7)]
    [InlineData(0.5, 7, 4)]
    public void Quantile_Rank_IsCeilingOfLevelTimesAffected(double level, int affected, long expectedRank)
    {
        var times = Enumerable.Range(1, affected).Select(i => (long)i).ToList();

        Assert.Equal(expectedRank, Convergence.Quantile(times, affected, level));
    }

    [Fact]
    public void Quantile_NoneAffected_Null() => Assert.Null(Convergence.Quantile([], 0, 0.5));

    [Fact]
    public void Shares_Buckets_FollowEachClientsLastAnswer()
    {
        AnswerUse[] uses = [new(0, 0, Dead, 2, false), new(50, 1, Alive, 2, false), new(150, 0, Alive, 2, false)];

        var buckets = Shares.Compute(uses, 2, 300);

        Assert.Equal(3, buckets.Count);
        Assert.Equal(0.5, buckets[0].Shares[Dead]);
        Assert.Equal(1.0, buckets[1].Shares[Alive]);
        Assert.False(buckets[2].Shares.ContainsKey(Dead));
    }

    [Fact]
    public void Thresholds_FromConfig_ReadPoolAndBound()
    {
        const string json = """
            { "LoadBalancing": { "Pools": { "web": { "Ttl": 2, "Members": [],
              "HealthCheck": { "Kind": "Tcp", "Port": 80, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Fall": 2, "Rise": 2 } } } } }
            """;

        var thresholds = Thresholds.FromConfig(json, null, "test")!;

        Assert.Equal(0.9, thresholds.LowerBoundSeconds, 6);
        Assert.Equal(5.6, thresholds.UpperBoundSeconds, 6);
    }
}
