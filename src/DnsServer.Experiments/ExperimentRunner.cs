using System.Globalization;
using System.Net;
using System.Text;
using DnsServer.Protocol;

namespace DnsServer.Experiments;

/// <summary>What a run produced: every answer use in time order, the actions as they happened, and the counters.</summary>
internal sealed record ExperimentResult(
    ExperimentSpec Spec,
    IReadOnlyList<AnswerUse> Uses,
    IReadOnlyList<ActionRecord> Actions,
    long DurationMs,
    long QueriesSent,
    long QueriesLost,
    long EmptyAnswers,
    Thresholds? Thresholds);

/// <summary>
/// Runs an experiment: starts its backends, then drives the clients from one scheduler loop
/// (a few shared sockets, responses matched by ID and port) while the timeline's actions happen
/// at their times. Bounded: it stops at <c>Duration</c>, whatever happens.
/// </summary>
internal sealed class ExperimentRunner(ExperimentSpec spec, TimeProvider time, TextWriter progress, bool progressInPlace)
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();

    public async Task<ExperimentResult> RunAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var server = Endpoints.Parse(spec.Clients.Resolver ?? spec.Server, 53);
        var backends = spec.Backends.ToDictionary(b => b.Address, b => new BackendHost(Endpoints.Parse(b.Address, 0), b.Kind == "Http"), StringComparer.Ordinal);
        using var http = ApiClient(dataDirectory);
        try
        {
            foreach (var backend in spec.Backends.Where(b => b.Started))
            {
                backends[backend.Address].Start();
            }

            await Task.Delay(spec.Warmup, time, cancellationToken).ConfigureAwait(false);
            var actions = new TimelineActions(spec, backends, ControlChannel.For(spec, dataDirectory), http);
            return await DriveAsync(server, actions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var backend in backends.Values)
            {
                backend.Dispose();
            }
        }
    }

    /// <summary>
    /// The client for API actions, with the server's key (<c>api-key</c> in its data folder, the
    /// folder given with <c>--data</c>) when one is there: changes need it.
    /// </summary>
    private HttpClient? ApiClient(string? dataDirectory)
    {
        if (spec.Api is not { } api)
        {
            return null;
        }

        var client = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(5) };
        string keyFile = Path.Combine(dataDirectory ?? "data", "api-key");
        if (File.Exists(keyFile))
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", File.ReadAllText(keyFile).Trim());
        }

        return client;
    }

    private async Task<ExperimentResult> DriveAsync(IPEndPoint server, TimelineActions actions, CancellationToken cancellationToken)
    {
        var type = spec.Type == "AAAA" ? RecordType.AAAA : RecordType.A;
        var name = DnsName.Parse(spec.Name.EndsWith('.') ? spec.Name : spec.Name + ".");
        var clients = new ClientPool(spec.Clients.Count, spec.Clients.Interval, spec.QueryTimeout);
        using var transport = new QueryTransport(server, name, type, spec.Clients.Resolver is not null, spec.Clients.Count, spec.Sockets);
        var uses = new List<AnswerUse>(capacity: (int)Math.Min(1_000_000, spec.Clients.Count * (spec.Duration / spec.Clients.Interval)));
        long start = time.GetTimestamp();
        long Now() => (long)time.GetElapsedTime(start).TotalMilliseconds;
        transport.Response += (client, address, ttl) =>
        {
            long now = Now();
            lock (_gate)
            {
                clients.OnResponse(client, now, address, ttl, uses);
            }
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = transport.RunAsync(stop.Token);
        var timeline = new Queue<ActionSpec>(spec.Timeline.OrderBy(a => a.At));
        var running = new List<Task<ActionRecord>>();
        var queries = new List<int>();
        long durationMs = (long)spec.Duration.TotalMilliseconds;
        long nextProgress = 0;
        for (long now = Now(); now < durationMs && !cancellationToken.IsCancellationRequested; now = Now())
        {
            while (timeline.TryPeek(out var action) && action.At.TotalMilliseconds <= now)
            {
                running.Add(RunActionAsync(actions, timeline.Dequeue(), now, cancellationToken));
            }

            lock (_gate)
            {
                clients.Tick(now, queries, uses);
            }

            foreach (int client in queries)
            {
                transport.Send(client);
            }

            queries.Clear();
            if (now >= nextProgress)
            {
                ReportProgress(now, clients);
                nextProgress = now + 1000;
            }

            long wake = Math.Min(clients.NextDueMs, timeline.TryPeek(out var next) ? (long)next.At.TotalMilliseconds : durationMs);
            var sleep = TimeSpan.FromMilliseconds(Math.Clamp(wake - Now(), 1, MaxSleep.TotalMilliseconds));
            await Task.Delay(sleep, time, cancellationToken).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await receiving.ConfigureAwait(false);
        var records = await Task.WhenAll(running).ConfigureAwait(false);
        ReportProgress(durationMs, clients);
        await progress.WriteLineAsync().ConfigureAwait(false);
        return Finish(clients, uses, records, durationMs);
    }

    private ExperimentResult Finish(ClientPool clients, List<AnswerUse> uses, ActionRecord[] records, long durationMs)
    {
        List<AnswerUse> ordered;
        lock (_gate)
        {
            ordered = [.. uses.Where(u => u.TimeMs < durationMs).OrderBy(u => u.TimeMs)];
        }

        var pool = spec.Pool ?? spec.Timeline.Select(a => TimelineActions.PoolOf(a, spec)).FirstOrDefault(p => p is not null);
        return new ExperimentResult(spec, ordered, records, durationMs, clients.QueriesSent, clients.QueriesLost, clients.EmptyAnswers, Thresholds.Find(spec, pool));
    }

    private static async Task<ActionRecord> RunActionAsync(TimelineActions actions, ActionSpec action, long atMs, CancellationToken cancellationToken)
    {
        string? error = await actions.RunAsync(action, cancellationToken).ConfigureAwait(false);
        return new ActionRecord(atMs, TimelineActions.Label(action), TimelineActions.KindOf(action), TimelineActions.MemberAddress(action), error);
    }

    private void ReportProgress(long now, ClientPool clients)
    {
        var line = new StringBuilder();
        lock (_gate)
        {
            line.Append(CultureInfo.InvariantCulture, $"t={now / 1000.0,6:0.0}s  queries {clients.QueriesSent,7}  lost {clients.QueriesLost,4}  shares");
            var counts = Enumerable.Range(0, clients.Count).Select(clients.CurrentAddress).Where(a => a is not null).GroupBy(a => a!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in counts)
            {
                line.Append(CultureInfo.InvariantCulture, $"  {group.Key} {100.0 * group.Count() / clients.Count,5:0.0}%");
            }
        }

        progress.Write(progressInPlace ? "\r" + line : line + Environment.NewLine);
    }
}
