namespace DnsServer.LoadBalancing.Health;

/// <summary>When the next check runs: the interval plus or minus a random share of it, so checks of many members do not run in lockstep.</summary>
internal static class HealthSchedule
{
    /// <summary>A wait in [interval × (1 − jitter), interval × (1 + jitter)], never shorter than one millisecond.</summary>
    public static TimeSpan NextDelay(TimeSpan interval, double jitter, Random random)
    {
        if (jitter <= 0)
        {
            return interval;
        }

        double factor = 1 + (Math.Min(jitter, 1) * ((2 * random.NextDouble()) - 1));
        return TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(interval.Ticks * factor)));
    }

    /// <summary>The random source of one member: from the configured seed and the member's key when seeded, so runs repeat.</summary>
    public static Random RandomFor(int? seed, string memberKey)
    {
        if (seed is not { } value)
        {
            return new Random(Protocol.SecureRandom.GetInt32(int.MaxValue));
        }

        uint hash = 2166136261;
        foreach (char c in memberKey)
        {
            hash = (hash ^ c) * 16777619;
        }

        return new Random(value ^ (int)hash);
    }
}
