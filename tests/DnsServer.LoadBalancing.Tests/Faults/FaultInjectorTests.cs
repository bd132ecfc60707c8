using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Tests.Health;

namespace DnsServer.LoadBalancing.Tests.Faults;

public sealed class FaultInjectorTests
{
    private const string A = "web/192.0.2.1";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Inject_ForceDown_DownAtOnceAndUpAgainWhenItExpires()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(), ["192.0.2.1", "192.0.2.2"])));
        await h.WaitForChecksAsync(2);

        var fault = h.Faults.Inject(A, FaultKind.Down, TimeSpan.FromSeconds(30));

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.Equal(MemberHealth.Up, h.View.Current[1]);
        Assert.Equal(fault, Assert.Single(h.Faults.Active));
        Assert.Equal(fault, h.Status(A).ActiveFault);
        Assert.Equal(MemberHealth.Up, h.Status(A).CheckedHealth);
        h.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        Assert.Empty(h.Faults.Active);
        var events = h.Events.Snapshot();
        Assert.Equal(
            [LoadBalancingEventKind.FaultStarted, LoadBalancingEventKind.HealthChanged, LoadBalancingEventKind.FaultEnded, LoadBalancingEventKind.HealthChanged],
            events.Select(e => e.Kind));
        Assert.Equal("192.0.2.1 down: fault 1: forced down on web/192.0.2.1 for 00:00:30", events[1].Message);
        Assert.EndsWith("ended: expired", events[2].Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), events[2].Elapsed - events[0].Elapsed);
        Assert.Equal("192.0.2.1 up: fault ended", events[3].Message);
    }

    [Fact]
    public async Task Inject_ForceUp_OverridesChecksUntilCleared()
    {
        await using var h = new MonitorHarness();
        h.Probe.Default = ProbeResult.Failed(TimeSpan.FromMilliseconds(1), "refused");
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 1), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);
        Assert.Equal(MemberHealth.Down, h.View.Current[0]);

        h.Faults.Inject("192.0.2.1", FaultKind.Up, TimeSpan.FromMinutes(5));
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        await h.AdvanceAsync(Interval, 1);
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);

        Assert.Equal(1, h.Faults.Clear(A));
        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.EndsWith("ended: cleared", h.Events.Snapshot().Last(e => e.Kind == LoadBalancingEventKind.FaultEnded).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_Latency_MakesChecksSlowerThanMaxLatencyFail()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 2, maxLatencyMs: 100), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);

        h.Faults.Inject(A, FaultKind.Latency, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(150));
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
        await h.AdvanceAsync(Interval, 1);
        await h.AdvanceAsync(Interval, 1);

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.Equal("slow: 151 ms > 100 ms (+150 ms injected)", h.Status(A).LastError);
        for (int second = 3; second <= 10; second++)
        {
            await h.AdvanceAsync(Interval, 1);
        }

        Assert.Empty(h.Faults.Active);
        await h.AdvanceAsync(Interval, 1);
        await h.AdvanceAsync(Interval, 1);
        Assert.Equal(MemberHealth.Up, h.View.Current[0]);
    }

    [Fact]
    public async Task Inject_LatencyAtLeastTimeout_ChecksTimeOut()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", TestModels.Check(fall: 1, timeoutMs: 500), ["192.0.2.1"])));
        await h.WaitForChecksAsync(1);

        h.Faults.Inject(A, FaultKind.Latency, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500));
        await h.AdvanceAsync(Interval, 1);

        Assert.Equal(MemberHealth.Down, h.View.Current[0]);
        Assert.Equal("timed out after 500 ms (+500 ms injected)", h.Status(A).LastError);
    }

    [Fact]
    public async Task Inject_Address_CoversTheMemberInEveryPool()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", null, ["192.0.2.1"]), ("api", null, ["192.0.2.1", "192.0.2.2"])));

        var fault = h.Faults.Inject("192.0.2.1", FaultKind.Down, TimeSpan.FromSeconds(1));

        Assert.Equal(["web/192.0.2.1", "api/192.0.2.1"], fault.Members);
        Assert.Equal([MemberHealth.Down, MemberHealth.Down, MemberHealth.Up], [h.View.Current[0], h.View.Current[1], h.View.Current[2]]);
    }

    [Fact]
    public async Task Inject_UnknownMember_ThrowsArgumentExceptionNamingIt()
    {
        await using var h = new MonitorHarness();
        h.Monitor.Apply(TestModels.Model(("web", null, ["192.0.2.1"])));

        var error = Assert.Throws<ArgumentException>(() => h.Faults.Inject("web/192.0.2.9", FaultKind.Down, TimeSpan.FromSeconds(1)));
        Assert.Contains("'web/192.0.2.9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("web/192.0.2.1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => h.Faults.Inject(A, FaultKind.Latency, TimeSpan.FromSeconds(1)));
        Assert.Empty(h.Events.Snapshot());
    }
}
