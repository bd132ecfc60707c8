using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Health;

namespace DnsServer.LoadBalancing.Tests.Health;

public sealed class HealthMonitorTests
{
    private const string A = "web/192.0.2.1";
    private const string B = "web/192.0.2.2";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Fall_FewerFailuresThanFall_StaysUpThenGoesDownAtFall()
    {
        await using var h = new MonitorHarness();
        h.Probe.Enqueue(A, false, false, false);
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 3), ["192.0.2.1"])));

        await h.WaitForChecksAsync(1);
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.True(h.View.Current.HasBeenChecked(0));
        await h.AdvanceAsync(Interval, 1);
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        await h.AdvanceAsync(Interval, 1);

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        var change = Assert.Single(h.HealthEvents);
        Assert.Equal("192.0.2.1 down: 3 failures (refused)", change.Message);
        Assert.Equal(("web", A), (change.Pool, change.Member));
        Assert.Equal(3, h.Status(A).ConsecutiveFailures);
        Assert.Equal(h.Time.GetUtcNow(), h.Status(A).Since);
    }

    [Fact]
    public async Task Rise_InitiallyDown_ComesUpAfterRiseSuccesses()
    {
        await using var h = new MonitorHarness();
        h.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(rise: 2, initiallyUp: false), ["192.0.2.1"])));

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.False(h.View.Current.HasBeenChecked(0));
        h.Probe.Gate.SetResult();
        await h.WaitForChecksAsync(1);
        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.True(h.View.Current.HasBeenChecked(0));
        await h.AdvanceAsync(Interval, 1);

        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.Equal("192.0.2.1 up: 2 successes (1 ms)", Assert.Single(h.HealthEvents).Message);
    }

    [Fact]
    public async Task InitialState_Up_PublishedBeforeTheFirstCheckFinishes()
    {
        await using var h = new MonitorHarness();
        h.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(initiallyUp: true), ["192.0.2.1", "192.0.2.2"])));

        var view = h.View.Current;
        Assert.Equal(2, view.Count);
        Assert.Equal(MemberHealth.Up, view[0]);
        Assert.False(view.HasBeenChecked(0));
        await Wait.UntilAsync(() => h.Probe.Calls(A) == 1 && h.Probe.Calls(B) == 1, TimeSpan.FromSeconds(5), "first checks start on Apply");
        h.Probe.Gate.SetResult();
        await h.WaitForChecksAsync(2);
        Assert.True(h.View.Current.HasBeenChecked(0) && h.View.Current.HasBeenChecked(1));
    }

    [Fact]
    public async Task Flapping_FasterThanThresholds_DoesNotChangeState()
    {
        await using var h = new MonitorHarness();
        h.Probe.Enqueue(A, Enumerable.Range(0, 20).Select(i => i % 2 == 0).ToArray());
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(rise: 2, fall: 2), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);

        for (int i = 1; i < 20; i++)
        {
            await h.AdvanceAsync(Interval, 1);
        }

        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.Empty(h.HealthEvents);
        Assert.Equal(20, h.Probe.Calls(A));
    }

    [Fact]
    public async Task MaxLatency_SlowSuccess_CountsAsFailure()
    {
        await using var h = new MonitorHarness();
        h.Probe.Default = ProbeResult.Passed(TimeSpan.FromMilliseconds(300));
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 2, maxLatencyMs: 100), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);
        await h.AdvanceAsync(Interval, 1);

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.Equal("slow: 300 ms > 100 ms", h.Status(A).LastError);
        Assert.Equal(TimeSpan.FromMilliseconds(300), h.Status(A).LastLatency);
    }

    [Fact]
    public async Task Timeout_ProbeSlowerThanTimeout_FailsWithTimedOut()
    {
        await using var h = new MonitorHarness();
        h.Probe.Slow = (TimeSpan.FromSeconds(10), h.Time);
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 1, timeoutMs: 500), ["192.0.2.1"])));
        await Wait.UntilAsync(() => h.Probe.Calls(A) == 1, TimeSpan.FromSeconds(5), "first check started");
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(500), 1);

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.Equal("timed out after 500 ms", h.Status(A).LastError);
    }

    [Fact]
    public async Task Unchecked_PoolWithoutHealthCheck_UpAndCountedAsChecked()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", null, ["192.0.2.1"])));

        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.True(h.View.Current.HasBeenChecked(0));
        Assert.False(h.Status(A).HasHealthCheck);
        Assert.Equal(0, h.Probe.Calls(A));
    }

    [Fact]
    public async Task Apply_UnchangedMember_KeepsStateAndCountersUnderItsNewId()
    {
        await using var h = new MonitorHarness();
        var check = TestModels.Check(fall: 1);
        h.Probe.Enqueue(B, false);
        h.Monitor.Apply(TestModels.Model(("web", check, ["192.0.2.1", "192.0.2.2"])));
        await h.WaitForChecksAsync(2);
        Assert.Equal(MemberHealth.Down, h.View.Current[1]);
        long version = h.View.Current.Version;

        h.Monitor.Apply(TestModels.Model(("web", check, ["192.0.2.2", "192.0.2.3"])));

        var view = h.View.Current;
        Assert.True(view.Version > version);
        Assert.Equal(MemberHealth.Down, view[0]);
        Assert.True(view.HasBeenChecked(0));
        Assert.Equal(1, h.Status(B).ConsecutiveFailures);
        Assert.DoesNotContain(h.Monitor.Status(), s => s.Key == A);
        await h.WaitForChecksAsync(3);
        await h.AdvanceAsync(Interval, 2);
        Assert.Equal(1, h.Probe.Calls(A));
        Assert.Equal(2, h.Probe.Calls(B));
    }

    [Fact]
    public async Task Apply_ChangedCheck_StartsOverFromTheInitialState()
    {
        await using var h = new MonitorHarness();
        h.Probe.Enqueue(A, false);
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 1), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);
        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        h.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 2), ["192.0.2.1"])));

        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.False(h.View.Current.HasBeenChecked(0));
        h.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task Jitter_ChecksOfManyMembers_DoNotRunInLockstep()
    {
        await using var h = new MonitorHarness();
        var addresses = Enumerable.Range(1, 8).Select(i => $"192.0.2.{i}").ToArray();
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(intervalMs: 1000, jitter: 0.2), addresses)));
        await h.WaitForChecksAsync(8);

        await h.AdvanceAsync(TimeSpan.FromMilliseconds(799), 0);
        Assert.Equal(8, h.Monitor.ChecksCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(200));
        await Wait.UntilAsync(() => h.Monitor.ChecksCompleted > 8, TimeSpan.FromSeconds(5), "some second checks");
        Assert.InRange(h.Monitor.ChecksCompleted, 9, 15);
        h.Time.Advance(TimeSpan.FromMilliseconds(202));
        await h.WaitForChecksAsync(16);
    }

    [Fact]
    public async Task Events_HealthChange_HasWallAndMonotonicTime()
    {
        await using var h = new MonitorHarness();
        h.Probe.Enqueue(A, false);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 1), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);

        var change = Assert.Single(h.HealthEvents);
        Assert.Equal(LoadBalancingEventKind.HealthChanged, change.Kind);
        Assert.Equal(h.Time.GetUtcNow(), change.Time);
        Assert.Equal(TimeSpan.FromSeconds(5), change.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(5), h.Status(A).SinceElapsed);
    }

    [Fact]
    public async Task StopAsync_RunningLoops_NoMoreChecks()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(), ["192.0.2.1", "192.0.2.2"])));
        await h.WaitForChecksAsync(2);

        await h.Monitor.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        h.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, h.Monitor.ChecksCompleted);
        Assert.Equal(1, h.Probe.Calls(A));
    }
}
