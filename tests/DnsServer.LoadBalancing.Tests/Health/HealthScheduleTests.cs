using DnsServer.LoadBalancing.Health;

namespace DnsServer.LoadBalancing.Tests.Health;

public sealed class HealthScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void NextDelay_Jitter_StaysWithinIntervalPlusOrMinusJitter()
    {
        var random = HealthSchedule.RandomFor(1, "web/192.0.2.1");
        var delays = Enumerable.Range(0, 2000).Select(_ => HealthSchedule.NextDelay(Interval, 0.1, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5)));
        Assert.True(delays.Min() < TimeSpan.FromSeconds(4.6) && delays.Max() > TimeSpan.FromSeconds(5.4), "the draws cover the range");
    }

    [Fact]
    public void NextDelay_NoJitter_IsTheInterval()
    {
        Assert.Equal(Interval, HealthSchedule.NextDelay(Interval, 0, new Random(1)));
    }

    [Fact]
    public void RandomFor_SameSeedAndKey_RepeatsDifferentKeysDiffer()
    {
        static List<TimeSpan> Draws(int seed, string key)
        {
            var random = HealthSchedule.RandomFor(seed, key);
            return Enumerable.Range(0, 10).Select(_ => HealthSchedule.NextDelay(Interval, 0.5, random)).ToList();
        }

        Assert.Equal(Draws(42, "web/192.0.2.1"), Draws(42, "web/192.0.2.1"));
        Assert.NotEqual(Draws(42, "web/192.0.2.1"), Draws(42, "web/192.0.2.2"));
        Assert.NotEqual(Draws(42, "web/192.0.2.1"), Draws(43, "web/192.0.2.1"));
    }
}
