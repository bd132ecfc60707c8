using DnsServer.LoadBalancing.Model;

namespace DnsServer.LoadBalancing.Health;

/// <summary>
/// The health state of one member: what the checks say, with Rise/Fall hysteresis, and what was
/// last published. Not thread-safe: the <see cref="HealthMonitor"/> uses it under its lock.
/// </summary>
internal sealed class MemberChecker
{
    public MemberChecker(MemberModel member, HealthCheckSettings? settings, Random random, DateTimeOffset now, TimeSpan elapsed)
    {
        Member = member;
        Settings = settings;
        Random = random;
        Checked = settings is { InitiallyUp: false } ? MemberHealth.Down : MemberHealth.Up;
        Published = Checked;
        HasBeenChecked = settings is null;
        Since = now;
        SinceElapsed = elapsed;
    }

    /// <summary>The member in the current model (its Id changes when a new model keeps it).</summary>
    public MemberModel Member { get; set; }

    /// <summary>Null: not checked, up unless a fault forces it down.</summary>
    public HealthCheckSettings? Settings { get; }

    public Random Random { get; }

    public MemberHealth Checked { get; private set; }

    /// <summary>The effective state last published (checks, or a fault's forced state).</summary>
    public MemberHealth Published { get; private set; }

    public bool HasBeenChecked { get; private set; }

    public int Successes { get; private set; }

    public int Failures { get; private set; }

    public TimeSpan? LastLatency { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset Since { get; private set; }

    /// <summary>How many times the published state has changed.</summary>
    public int Transitions { get; private set; }

    public TimeSpan SinceElapsed { get; private set; }

    /// <summary>Set when a new model drops the member or changes its check; its loop stops.</summary>
    public bool Retired { get; set; }

    public CancellationTokenSource? Stop { get; set; }

    /// <summary>True when the new model checks this member the same way.</summary>
    public bool SameCheck(MemberModel member, HealthCheckSettings? settings) =>
        string.Equals(Member.Key, member.Key, StringComparison.Ordinal)
        && Equals(Settings, settings)
        && Equals(Member.CheckEndpoint, member.CheckEndpoint);

    /// <summary>Counts one check; Rise consecutive successes bring a down member up, Fall consecutive failures take an up member down.</summary>
    public void Observe(bool success, TimeSpan latency, string? error)
    {
        var settings = Settings ?? throw new InvalidOperationException("the member is not checked");
        HasBeenChecked = true;
        LastLatency = latency;
        if (success)
        {
            Successes++;
            Failures = 0;
            if (Checked == MemberHealth.Down && Successes >= settings.Rise)
            {
                Checked = MemberHealth.Up;
            }
        }
        else
        {
            LastError = error;
            Failures++;
            Successes = 0;
            if (Checked == MemberHealth.Up && Failures >= settings.Fall)
            {
                Checked = MemberHealth.Down;
            }
        }
    }

    /// <summary>Moves the published state; false when it already was <paramref name="effective"/>.</summary>
    public bool Publish(MemberHealth effective, DateTimeOffset now, TimeSpan elapsed)
    {
        if (effective == Published)
        {
            return false;
        }

        Published = effective;
        Transitions++;
        Since = now;
        SinceElapsed = elapsed;
        return true;
    }
}
