using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.LoadBalancing.Tests.Health;

/// <summary>Models built by hand (not through the model builder) for health tests.</summary>
internal static class TestModels
{
    public static HealthCheckSettings Check(
        HealthCheckKind kind = HealthCheckKind.Tcp,
        int intervalMs = 1000,
        int timeoutMs = 500,
        int rise = 2,
        int fall = 3,
        double jitter = 0,
        int? maxLatencyMs = null,
        bool initiallyUp = true,
        string? bodyContains = null,
        int expectMin = 200,
        int expectMax = 399) =>
        new(kind, 80, "/", null, expectMin, expectMax, bodyContains, false, DnsName.Parse("health.test."), RecordType.A,
            TimeSpan.FromMilliseconds(intervalMs), TimeSpan.FromMilliseconds(timeoutMs), rise, fall, jitter,
            maxLatencyMs is { } max ? TimeSpan.FromMilliseconds(max) : null, initiallyUp);

    /// <summary>One model from pools given as (name, check, addresses); member ids follow the order given.</summary>
    public static LoadBalancingModel Model(params (string Pool, HealthCheckSettings? Check, string[] Addresses)[] pools) =>
        Model(null, pools);

    public static LoadBalancingModel Model(Func<string, IPEndPoint?>? checkEndpoint, params (string Pool, HealthCheckSettings? Check, string[] Addresses)[] pools)
    {
        var allMembers = new List<MemberModel>();
        var poolModels = new List<PoolModel>();
        foreach (var (name, check, addresses) in pools)
        {
            var members = addresses.Select(address => new MemberModel
            {
                Id = allMembers.Count + Array.IndexOf(addresses, address),
                Pool = name,
                Address = IPAddress.Parse(address),
                Weight = 1,
                Priority = 1,
                CheckEndpoint = checkEndpoint?.Invoke(address),
            }).ToList();
            allMembers.AddRange(members);
            poolModels.Add(new PoolModel
            {
                Name = name,
                Index = poolModels.Count,
                Mode = PoolMode.RoundRobin,
                Ttl = 30,
                TtlDegraded = 30,
                TtlUnknown = 30,
                Count = members.Count,
                Members = members,
                HealthCheck = check,
                WhenAllDown = AllDownAction.AnswerAll,
                Family = AddressFamily.InterNetwork,
            });
        }

        return new LoadBalancingModel { Pools = poolModels, Members = allMembers, Records = [], Options = new LoadBalancingOptions { Seed = 7 } };
    }
}

/// <summary>A probe whose outcomes the test scripts per member key; unscripted checks succeed in 1 ms.</summary>
internal sealed class ScriptedProbe : IHealthProbe
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProbeResult>> _script = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>When set, every check waits for it first.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every check waits this long on this clock first (and can time out).</summary>
    public (TimeSpan Delay, TimeProvider Time)? Slow { get; set; }

    public ProbeResult Default { get; set; } = ProbeResult.Passed(TimeSpan.FromMilliseconds(1));

    public void Enqueue(string key, params bool[] outcomes)
    {
        foreach (bool success in outcomes)
        {
            Enqueue(key, success ? ProbeResult.Passed(TimeSpan.FromMilliseconds(1)) : ProbeResult.Failed(TimeSpan.FromMilliseconds(1), "refused"));
        }
    }

    public void Enqueue(string key, ProbeResult result) => _script.GetOrAdd(key, _ => new()).Enqueue(result);

    public int Calls(string key) => _calls.GetValueOrDefault(key);

    public async ValueTask<ProbeResult> CheckAsync(MemberModel member, HealthCheckSettings settings, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(member.Key, 1, (_, n) => n + 1);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Slow is { } slow)
        {
            await Task.Delay(slow.Delay, slow.Time, cancellationToken);
        }

        return _script.TryGetValue(member.Key, out var queue) && queue.TryDequeue(out var result) ? result : Default;
    }
}

/// <summary>A monitor on a fake clock with a scripted probe, and what it publishes to.</summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    /// <param name="realClockAndProbes">The system clock and the real probes (sockets) instead of the fake clock and the scripted probe.</param>
    public MonitorHarness(bool realClockAndProbes = false)
    {
        Clock = realClockAndProbes ? TimeProvider.System : Time;
        Events = new EventList(100, Clock);
        Faults = new FaultInjector(Events, Clock, NullLogger<FaultInjector>.Instance);
        Monitor = new HealthMonitor(View, Events, Faults, Clock, NullLogger<HealthMonitor>.Instance, realClockAndProbes ? null : Probe);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TimeProvider Clock { get; }

    public ScriptedProbe Probe { get; } = new();

    public HealthViewHolder View { get; } = new();

    public EventList Events { get; }

    public FaultInjector Faults { get; }

    public HealthMonitor Monitor { get; }

    public MemberStatus Status(string key) => Monitor.Status().Single(s => s.Key == key);

    public IEnumerable<LoadBalancingEvent> HealthEvents => Events.Snapshot().Where(e => e.Kind == LoadBalancingEventKind.HealthChanged);

    /// <summary>Waits (real time, bounded) until the monitor has finished <paramref name="count"/> checks in all.</summary>
    public Task WaitForChecksAsync(long count) =>
        Wait.UntilAsync(() => Monitor.ChecksCompleted >= count, TimeSpan.FromSeconds(5), $"{count} checks (done: {Monitor.ChecksCompleted})");

    /// <summary>Moves the fake clock on and waits for the checks that fall due.</summary>
    public async Task AdvanceAsync(TimeSpan by, int checks)
    {
        long target = Monitor.ChecksCompleted + checks;
        Time.Advance(by);
        await WaitForChecksAsync(target);
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        Faults.Dispose();
    }
}

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="limit"/>. Returns the time it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"not reached within {limit.TotalMilliseconds:0} ms: {what}");
            }

            await Task.Delay(5);
        }

        return watch.Elapsed;
    }
}
