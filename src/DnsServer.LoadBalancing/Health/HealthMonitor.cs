using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.LoadBalancing.Health;

/// <summary>
/// Checks the members of every pool off the query path, one loop per checked member, and publishes
/// a new <see cref="HealthView"/> on every change of a member's state. Rise consecutive successes
/// bring a down member up and Fall consecutive failures take an up member down, so a backend that
/// flaps faster than that does not flap the answers; a success slower than MaxLatency counts as a
/// failure. Faults from the <see cref="FaultInjector"/> force states at once and add latency to checks.
/// </summary>
public sealed class HealthMonitor : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HealthViewHolder _view;
    private readonly EventList _events;
    private readonly FaultInjector _faults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IHealthProbe _probe;
    private readonly HealthProbe? _ownedProbe;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _loops = [];
    private MemberChecker?[] _checkers = [];
    private long _checksCompleted;
    private bool _disposed;

    public HealthMonitor(HealthViewHolder view, EventList events, FaultInjector faults, TimeProvider time, ILogger<HealthMonitor> logger, IHealthProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _view = view;
        _events = events;
        _faults = faults;
        _time = time;
        _logger = logger;
        _probe = probe ?? (_ownedProbe = new HealthProbe(time));
        _faults.Changed += OnFaultsChanged;
    }

    /// <summary>Checks finished since the monitor was made (for tests and metrics).</summary>
    internal long ChecksCompleted => Interlocked.Read(ref _checksCompleted);

    /// <summary>
    /// Checks the members of <paramref name="model"/> from now on: their first checks start at once;
    /// a member whose key and check are unchanged keeps its state and counters; the loops of members
    /// the model drops stop. Publishes a view sized for the model before returning.
    /// </summary>
    public void Apply(LoadBalancingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var started = new List<MemberChecker>();
        int kept = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var previous = new Dictionary<string, MemberChecker>(StringComparer.Ordinal);
            foreach (var checker in _checkers)
            {
                if (checker is not null)
                {
                    previous[checker.Member.Key] = checker;
                }
            }

            var next = new MemberChecker?[model.Members.Count];
            foreach (var member in model.Members)
            {
                if ((uint)member.Id >= (uint)next.Length)
                {
                    throw new ArgumentException($"member {member.Key} has id {member.Id}, outside the model's {next.Length} members", nameof(model));
                }

                var settings = model.FindPool(member.Pool)?.HealthCheck;
                if (previous.Remove(member.Key, out var checker) && checker.SameCheck(member, settings))
                {
                    checker.Member = member;
                    kept++;
                }
                else
                {
                    if (checker is not null)
                    {
                        Retire(checker);
                    }

                    checker = new MemberChecker(member, settings, HealthSchedule.RandomFor(model.Options.Seed, member.Key), _time.GetUtcNow(), _events.Elapsed);
                    if (settings is not null)
                    {
                        checker.Stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                        started.Add(checker);
                    }
                }

                next[member.Id] = checker;
            }

            foreach (var checker in previous.Values)
            {
                Retire(checker);
            }

            _checkers = next;
            _faults.UseMembers(model.Members);
            RefreshAll("fault");
            PublishView();
            _loops.RemoveAll(loop => loop.IsCompleted);
            foreach (var checker in started)
            {
                var stop = checker.Stop!.Token;
                _loops.Add(Task.Run(() => RunAsync(checker, stop), CancellationToken.None));
            }
        }

        Log.HealthApplied(_logger, started.Count, model.Members.Count - started.Count - kept, kept);
    }

    /// <summary>Every member of the current model, by id.</summary>
    public IReadOnlyList<MemberStatus> Status()
    {
        lock (_gate)
        {
            var status = new List<MemberStatus>(_checkers.Length);
            foreach (var checker in _checkers)
            {
                if (checker is null)
                {
                    continue;
                }

                var member = checker.Member;
                status.Add(new MemberStatus(
                    member.Key, member.Pool, member.Address, checker.Published, checker.Checked, checker.Settings is not null,
                    checker.HasBeenChecked, checker.Since, checker.SinceElapsed, checker.Successes, checker.Failures,
                    checker.LastLatency, checker.LastError, _faults.FaultOn(member.Key), checker.Transitions));
            }

            return status;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] loops;
        lock (_gate)
        {
            if (!_shutdown.IsCancellationRequested)
            {
                _shutdown.Cancel();
            }

            loops = [.. _loops];
        }

        await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _faults.Changed -= OnFaultsChanged;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
        {
            _disposed = true;
            foreach (var checker in _checkers)
            {
                checker?.Stop?.Dispose();
            }
        }

        _ownedProbe?.Dispose();
        _shutdown.Dispose();
    }

    private async Task RunAsync(MemberChecker checker, CancellationToken stop)
    {
        var settings = checker.Settings!;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var (success, latency, error) = await CheckOnceAsync(checker.Member, settings, stop).ConfigureAwait(false);
                var wait = Task.Delay(HealthSchedule.NextDelay(settings.Interval, settings.Jitter, checker.Random), _time, stop);
                Record(checker, success, latency, error);
                await wait.ConfigureAwait(false);
            }
        }
        catch (Exception exception) when ((exception is OperationCanceledException or ObjectDisposedException) && stop.IsCancellationRequested)
        {
            // Stopped: the monitor shut down, or a new model dropped the member or changed its check.
        }
        catch (Exception exception)
        {
            Log.CheckLoopFailed(_logger, checker.Member.Key, exception);
        }
    }

    /// <summary>One check with its timeout, injected latency and MaxLatency applied.</summary>
    private async Task<ProbeResult> CheckOnceAsync(MemberModel member, HealthCheckSettings settings, CancellationToken stop)
    {
        var added = _faults.AddedLatency(member.Key);
        if (added >= settings.Timeout)
        {
            return ProbeResult.Failed(settings.Timeout, $"timed out after {Ms(settings.Timeout)} (+{Ms(added)} injected)");
        }

        ProbeResult result;
        long start = _time.GetTimestamp();
        using (var timeout = new CancellationTokenSource(settings.Timeout - added, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token))
        {
            try
            {
                result = await _probe.CheckAsync(member, settings, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                result = ProbeResult.Failed(_time.GetElapsedTime(start), $"timed out after {Ms(settings.Timeout - added)}");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.ProbeThrew(_logger, member.Key, exception);
                result = ProbeResult.Failed(_time.GetElapsedTime(start), exception.Message);
            }
        }

        var latency = result.Latency + added;
        string injected = added > TimeSpan.Zero ? $" (+{Ms(added)} injected)" : "";
        if (result.Success && latency >= settings.Timeout)
        {
            return ProbeResult.Failed(latency, $"timed out: {Ms(latency)}{injected}");
        }

        if (result.Success && settings.MaxLatency is { } max && latency > max)
        {
            return ProbeResult.Failed(latency, $"slow: {Ms(latency)} > {Ms(max)}{injected}");
        }

        return result with { Latency = latency };
    }

    private void Record(MemberChecker checker, bool success, TimeSpan latency, string? error)
    {
        lock (_gate)
        {
            if (checker.Retired)
            {
                return;
            }

            bool first = !checker.HasBeenChecked;
            checker.Observe(success, latency, error);
            if (!success)
            {
                Log.CheckFailed(_logger, checker.Member.Key, error ?? "failed");
            }

            string reason = success
                ? $"{checker.Successes} {Plural(checker.Successes, "success", "successes")} ({Ms(latency)})"
                : $"{checker.Failures} {Plural(checker.Failures, "failure", "failures")} ({error})";
            if (Refresh(checker, reason) || first)
            {
                PublishView();
            }

            Interlocked.Increment(ref _checksCompleted);
        }
    }

    private void OnFaultsChanged()
    {
        lock (_gate)
        {
            if (!_disposed && RefreshAll("fault"))
            {
                PublishView();
            }
        }
    }

    private bool RefreshAll(string reason)
    {
        bool changed = false;
        foreach (var checker in _checkers)
        {
            if (checker is not null)
            {
                var fault = _faults.FaultOn(checker.Member.Key);
                changed |= Refresh(checker, fault is null ? $"{reason} ended" : fault.ToString());
            }
        }

        return changed;
    }

    /// <summary>Moves the member's published state to its effective one; records the event and the log line of a change.</summary>
    private bool Refresh(MemberChecker checker, string reason)
    {
        var effective = _faults.ForcedState(checker.Member.Key) ?? checker.Checked;
        var now = _time.GetUtcNow();
        var elapsed = _events.Elapsed;
        if (!checker.Publish(effective, now, elapsed))
        {
            return false;
        }

        var member = checker.Member;
        string state = effective == MemberHealth.Up ? "up" : "down";
        _events.Add(LoadBalancingEventKind.HealthChanged, member.Pool, member.Key, $"{member.Address} {state}: {reason}");
        Log.HealthChanged(_logger, member.Key, state, reason, now, elapsed);
        return true;
    }

    private void PublishView()
    {
        var states = new MemberHealth[_checkers.Length];
        var checkedOnce = new bool[_checkers.Length];
        for (int i = 0; i < states.Length; i++)
        {
            states[i] = _checkers[i]?.Published ?? MemberHealth.Up;
            checkedOnce[i] = _checkers[i]?.HasBeenChecked ?? true;
        }

        _view.Publish(new HealthView(_view.Current.Version + 1, states, checkedOnce));
    }

    private static void Retire(MemberChecker checker)
    {
        checker.Retired = true;
        checker.Stop?.Cancel();
        checker.Stop?.Dispose();
        checker.Stop = null;
    }

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:0} ms";

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;
}
