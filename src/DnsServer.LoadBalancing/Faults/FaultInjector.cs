using System.Net;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using Microsoft.Extensions.Logging;

namespace DnsServer.LoadBalancing.Faults;

/// <summary>
/// Faults injected into members for a while: forced down, forced up, or latency added to their
/// checks. A fault ends by itself when its duration has passed (a timer on the injected
/// <see cref="TimeProvider"/>) or when cleared; its start and its end are recorded as events and
/// logged. The <see cref="HealthMonitor"/> applies forced states at once and adds latency to checks.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly EventList _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<(Fault Fault, ITimer Timer)> _active = [];
    private IReadOnlyList<MemberModel> _members = [];
    private long _lastId;
    private bool _disposed;

    public FaultInjector(EventList events, TimeProvider time, ILogger<FaultInjector> logger)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after a fault starts or ends, outside the injector's lock.</summary>
    internal event Action? Changed;

    /// <summary>The faults in force, oldest first.</summary>
    public IReadOnlyList<Fault> Active
    {
        get
        {
            lock (_gate)
            {
                return _active.ConvertAll(entry => entry.Fault);
            }
        }
    }

    /// <summary>
    /// Injects a fault for <paramref name="duration"/>. <paramref name="memberKey"/> is a member key
    /// (<c>pool/address</c>) or an address, meaning every member with that address.
    /// </summary>
    /// <exception cref="ArgumentException">No member has that key or address, or the arguments do not fit the kind.</exception>
    public Fault Inject(string memberKey, FaultKind kind, TimeSpan duration, TimeSpan? latency = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memberKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        if (kind == FaultKind.Latency ? latency is null || latency <= TimeSpan.Zero : latency is not null)
        {
            throw new ArgumentException(
                kind == FaultKind.Latency ? "a latency fault needs a latency greater than zero" : $"a {kind} fault takes no latency",
                nameof(latency));
        }

        Fault fault;
        string? pool;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var members = Resolve(memberKey);
            var now = _time.GetUtcNow();
            fault = new Fault(++_lastId, memberKey, members.ConvertAll(m => m.Key), kind, duration, latency, now, now + duration);
            long id = fault.Id;
            var timer = _time.CreateTimer(_ => Expire(id), null, duration, Timeout.InfiniteTimeSpan);
            _active.Add((fault, timer));
            pool = PoolOf(members);
        }

        _events.Add(LoadBalancingEventKind.FaultStarted, pool, memberKey, fault.ToString());
        Log.FaultStarted(_logger, fault.ToString(), _time.GetUtcNow(), _events.Elapsed);
        Changed?.Invoke();
        return fault;
    }

    /// <summary>Ends every fault that targets <paramref name="memberKey"/> (a key or an address) or covers such a member; returns how many ended.</summary>
    public int Clear(string memberKey)
    {
        ArgumentNullException.ThrowIfNull(memberKey);
        List<Fault> ended;
        lock (_gate)
        {
            var keys = Matching(memberKey).ConvertAll(m => m.Key);
            ended = Remove(f => string.Equals(f.Target, memberKey, StringComparison.Ordinal) || f.Members.Any(keys.Contains));
        }

        Ended(ended, "cleared");
        return ended.Count;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, timer) in _active)
            {
                timer.Dispose();
            }

            _active.Clear();
        }
    }

    /// <summary>The members faults can target from now on.</summary>
    internal void UseMembers(IReadOnlyList<MemberModel> members)
    {
        lock (_gate)
        {
            _members = members;
        }
    }

    /// <summary>The state the newest Down or Up fault on the member forces; null when none does.</summary>
    internal MemberHealth? ForcedState(string memberKey)
    {
        lock (_gate)
        {
            for (int i = _active.Count - 1; i >= 0; i--)
            {
                var fault = _active[i].Fault;
                if (fault.Kind != FaultKind.Latency && Covers(fault, memberKey))
                {
                    return fault.Kind == FaultKind.Down ? MemberHealth.Down : MemberHealth.Up;
                }
            }

            return null;
        }
    }

    /// <summary>The latency added to the member's checks: the largest of its latency faults.</summary>
    internal TimeSpan AddedLatency(string memberKey)
    {
        lock (_gate)
        {
            var added = TimeSpan.Zero;
            foreach (var (fault, _) in _active)
            {
                if (fault.Latency is { } latency && Covers(fault, memberKey) && latency > added)
                {
                    added = latency;
                }
            }

            return added;
        }
    }

    /// <summary>The newest fault on the member, or null.</summary>
    internal Fault? FaultOn(string memberKey)
    {
        lock (_gate)
        {
            for (int i = _active.Count - 1; i >= 0; i--)
            {
                if (Covers(_active[i].Fault, memberKey))
                {
                    return _active[i].Fault;
                }
            }

            return null;
        }
    }

    private static bool Covers(Fault fault, string memberKey)
    {
        foreach (var key in fault.Members)
        {
            if (string.Equals(key, memberKey, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? PoolOf(List<MemberModel> members) =>
        members.TrueForAll(m => string.Equals(m.Pool, members[0].Pool, StringComparison.Ordinal)) ? members[0].Pool : null;

    private List<MemberModel> Resolve(string memberKey)
    {
        var members = Matching(memberKey);
        if (members.Count == 0)
        {
            var known = string.Join(", ", _members.Select(m => m.Key).Take(20));
            throw new ArgumentException(
                $"no load-balancing member '{memberKey}': give a member key pool/address or an address (members: {(known.Length == 0 ? "none" : known)})",
                nameof(memberKey));
        }

        return members;
    }

    private List<MemberModel> Matching(string memberKey)
    {
        var members = new List<MemberModel>();
        bool isAddress = IPAddress.TryParse(memberKey, out var address) && !memberKey.Contains('/', StringComparison.Ordinal);
        foreach (var member in _members)
        {
            if (isAddress ? member.Address.Equals(address) : string.Equals(member.Key, memberKey, StringComparison.Ordinal))
            {
                members.Add(member);
            }
        }

        return members;
    }

    private void Expire(long id)
    {
        List<Fault> ended;
        lock (_gate)
        {
            ended = Remove(f => f.Id == id);
        }

        Ended(ended, "expired");
    }

    private List<Fault> Remove(Func<Fault, bool> which)
    {
        var removed = new List<Fault>();
        for (int i = 0; i < _active.Count; i++)
        {
            var (fault, timer) = _active[i];
            if (which(fault))
            {
                timer.Dispose();
                _active.RemoveAt(i--);
                removed.Add(fault);
            }
        }

        return removed;
    }

    /// <summary>Records and logs the end of faults, outside the lock (event handlers may call back).</summary>
    private void Ended(List<Fault> ended, string why)
    {
        foreach (var fault in ended)
        {
            _events.Add(LoadBalancingEventKind.FaultEnded, null, fault.Target, $"{fault} ended: {why}");
            Log.FaultEnded(_logger, fault.ToString(), why, _time.GetUtcNow(), _events.Elapsed);
        }

        if (ended.Count > 0)
        {
            Changed?.Invoke();
        }
    }
}
