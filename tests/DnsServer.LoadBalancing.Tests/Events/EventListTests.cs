using DnsServer.LoadBalancing.Events;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.LoadBalancing.Tests.Events;

public sealed class EventListTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Add_BeyondCapacity_DropsOldestAndKeepsOrder()
    {
        var list = new EventList(3, _time);
        for (int i = 1; i <= 5; i++)
        {
            list.Add(LoadBalancingEventKind.HealthChanged, "web", $"web/192.0.2.{i}", $"event {i}");
        }

        var events = list.Snapshot();
        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Sequence));
        Assert.Equal(["event 3", "event 4", "event 5"], events.Select(e => e.Message));
        Assert.Equal(5, list.LastSequence);
        Assert.Equal(3, list.Count);
    }

    [Fact]
    public void Snapshot_AfterSequence_ReturnsOnlyLaterEvents()
    {
        var list = new EventList(10, _time);
        for (int i = 1; i <= 4; i++)
        {
            list.Add(LoadBalancingEventKind.FaultStarted, null, null, $"event {i}");
        }

        Assert.Equal([3L, 4L], list.Snapshot(afterSequence: 2).Select(e => e.Sequence));
        Assert.Empty(list.Snapshot(afterSequence: 4));
    }

    [Fact]
    public void Add_Event_CarriesWallTimeAndMonotonicElapsed()
    {
        var list = new EventList(10, _time);
        _time.Advance(TimeSpan.FromSeconds(3));
        list.Add(LoadBalancingEventKind.ConfigurationLoaded, null, null, "loaded");

        var added = Assert.Single(list.Snapshot());
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 3, TimeSpan.Zero), added.Time);
        Assert.Equal(TimeSpan.FromSeconds(3), added.Elapsed);
        Assert.Equal(LoadBalancingEventKind.ConfigurationLoaded, added.Kind);
    }

    [Fact]
    public void Capacity_Shrunk_KeepsNewestAndGrowsAgain()
    {
        var list = new EventList(5, _time);
        for (int i = 1; i <= 7; i++)
        {
            list.Add(LoadBalancingEventKind.HealthChanged, null, null, $"event {i}");
        }

        list.Capacity = 2;
        Assert.Equal([6L, 7L], list.Snapshot().Select(e => e.Sequence));
        list.Capacity = 4;
        list.Add(LoadBalancingEventKind.HealthChanged, null, null, "event 8");
        list.Add(LoadBalancingEventKind.HealthChanged, null, null, "event 9");
        list.Add(LoadBalancingEventKind.HealthChanged, null, null, "event 10");
        Assert.Equal([7L, 8L, 9L, 10L], list.Snapshot().Select(e => e.Sequence));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Capacity = 0);
    }

    [Fact]
    public void Added_RaisedForEveryEvent()
    {
        var list = new EventList(1, _time);
        var seen = new List<long>();
        list.Added += e => seen.Add(e.Sequence);

        list.Add(LoadBalancingEventKind.FaultStarted, null, null, "a");
        list.Add(LoadBalancingEventKind.FaultEnded, null, null, "b");

        Assert.Equal([1L, 2L], seen);
    }

    [Fact]
    public async Task Add_FromManyThreads_SequencesUniqueAndOrdered()
    {
        var list = new EventList(10_000, _time);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                list.Add(LoadBalancingEventKind.HealthChanged, null, null, $"{t}/{i}");
            }
        })));

        var sequences = list.Snapshot().Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, 4000).Select(i => (long)i), sequences);
    }
}
