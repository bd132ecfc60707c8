using DnsServer.Authoritative.Answering;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;
using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// The zones we copy from primaries (RFC 1034 §4.3.5, RFC 1996): each kept fresh by its own loop
/// on the SOA's refresh and retry timers, woken early by a NOTIFY from a primary; a copy that could
/// not be refreshed for the expire interval answers SERVFAIL. A new copy is swapped in only once the
/// whole transfer has been checked and built.
/// </summary>
internal sealed class SecondaryZones : INotifyReceiver, IDisposable
{
    /// <summary>The wait before the first retry while a zone has never been loaded.</summary>
    private static readonly TimeSpan InitialRetry = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    private readonly Dictionary<byte[], SecondaryState> _states = new(WireNameComparer.Instance);
    private readonly Dictionary<byte[], SecondaryState>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly IZoneJournal _journal;
    private readonly ISecondaryZoneStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _swapLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public SecondaryZones(TransferPolicy policy, IZoneJournal journal, ISecondaryZoneStore store, TimeProvider time, ILogger logger)
    {
        _journal = journal;
        _store = store;
        _time = time;
        _logger = logger;
        foreach (var secondary in policy.Secondaries)
        {
            _states[secondary.Zone.ToLowerWire()] = new SecondaryState(secondary);
        }

        _lookup = _states.GetAlternateLookup<ReadOnlySpan<byte>>();
        Stage = new SecondaryStage(this);
    }

    public ZoneCatalogHolder Catalog { get; } = new();

    public IQueryMiddleware Stage { get; }

    /// <summary>The live (loaded, unexpired) copy of the zone with exactly this lowered origin.</summary>
    public Zone? FindLive(ReadOnlySpan<byte> lowerOrigin) =>
        _lookup.TryGetValue(lowerOrigin, out var state) && !state.Expired ? state.Zone : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var state in _states.Values)
        {
            LoadFromDisk(state);
            _loops.Add(Task.Run(() => RunAsync(state, _stopping.Token), CancellationToken.None));
        }

        Publish();
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public ResponseCode OnNotify(DnsName zone, ClientAddress client, TsigKey? key)
    {
        if (!_lookup.TryGetValue(zone.ToLowerWire(), out var state))
        {
            return ResponseCode.NotAuth;
        }

        // RFC 1996 §3.10: only a primary of the zone may notify; with a key, only a signed NOTIFY.
        if (!state.Policy.IsPrimary(client) || (state.Policy.Key is not null && !Equals(key, state.Policy.Key)))
        {
            return ResponseCode.Refused;
        }

        Log.NotifyReceived(_logger, zone.ToString(), client.ToString());
        state.Wake();
        return ResponseCode.NoError;
    }

    private void LoadFromDisk(SecondaryState state)
    {
        var origin = state.Policy.Zone;
        try
        {
            var records = _store.Load(origin, out var path, out var savedAt);
            if (records is null)
            {
                return;
            }

            var builder = new ZoneBuilder(origin, path);
            foreach (var record in records)
            {
                builder.Add(record);
            }

            state.Zone = builder.Build();
            state.LastRefresh = savedAt;
            Log.SecondaryLoadedFromDisk(_logger, origin.ToString(), state.Zone.Serial, path);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Log.SecondaryRefreshFailed(_logger, origin.ToString(), "disk", exception.Message);
        }
    }

    private async Task RunAsync(SecondaryState state, CancellationToken stopping)
    {
        var delay = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await state.WaitAsync(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool refreshed = await RefreshAsync(state, stopping).ConfigureAwait(false);
            var soa = state.Zone is null ? null : (SoaRData)state.Zone.Soa.Records[0];
            delay = refreshed
                ? Cap(TimeSpan.FromSeconds(soa!.Refresh), state.Policy)
                : Cap(soa is null ? InitialRetry : TimeSpan.FromSeconds(soa.Retry), state.Policy);
            CheckExpiry(state, soa);
        }
    }

    private static TimeSpan Cap(TimeSpan interval, SecondaryPolicy policy) =>
        policy.MaxRefresh is { } max && max < interval ? max : interval;

    private void CheckExpiry(SecondaryState state, SoaRData? soa)
    {
        if (state.Zone is null || soa is null || state.Expired)
        {
            return;
        }

        var expire = state.Policy.ExpireOverride ?? TimeSpan.FromSeconds(soa.Expire);
        if (_time.GetUtcNow() - state.LastRefresh > expire)
        {
            state.Expired = true;
            Log.SecondaryExpired(_logger, state.Policy.Zone.ToString());
            Publish();
        }
    }

    /// <summary>Asks each primary in turn; true once one answered (with a newer zone or the same serial).</summary>
    private async Task<bool> RefreshAsync(SecondaryState state, CancellationToken stopping)
    {
        var origin = state.Policy.Zone;
        var client = new XfrClient(state.Policy.Key, _time, QueryTimeout);
        foreach (var primary in state.Policy.Primaries)
        {
            try
            {
                uint serial = await client.QuerySerialAsync(primary, origin, stopping).ConfigureAwait(false);
                if (state.Zone is null || SerialNumber.IsNewer(serial, state.Zone.Serial))
                {
                    await TransferAsync(state, client, primary, stopping).ConfigureAwait(false);
                }

                MarkFresh(state);
                return true;
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or System.Net.Sockets.SocketException
                or DnsFormatException or InvalidOperationException or OperationCanceledException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return false;
                }

                Log.SecondaryRefreshFailed(_logger, origin.ToString(), primary.ToString(), exception.Message);
            }
        }

        return false;
    }

    private async Task TransferAsync(SecondaryState state, XfrClient client, System.Net.IPEndPoint primary, CancellationToken stopping)
    {
        var current = state.Zone;
        string source = $"secondary of {primary}";
        TransferAssembler assembler;
        string method = "AXFR";
        if (current is not null)
        {
            assembler = await client.TransferAsync(primary, state.Policy.Zone, ZoneDiff.SoaRecord(current), stopping).ConfigureAwait(false);
            if (assembler.IsUpToDateReply)
            {
                return;
            }

            method = assembler.IsIncremental ? "IXFR" : "IXFR (full zone)";
        }
        else
        {
            assembler = await client.TransferAsync(primary, state.Policy.Zone, null, stopping).ConfigureAwait(false);
        }

        var zone = assembler.IsIncremental ? assembler.ApplyTo(current!, source) : assembler.BuildFull(source);
        state.Zone = zone;
        MarkFresh(state);
        Publish();
        Log.SecondaryTransferred(_logger, zone.Origin.ToString(), zone.Serial, primary.ToString(), method, zone.RecordCount);
        try
        {
            _store.Save(zone);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.SecondarySaveFailed(_logger, exception, zone.Origin.ToString(), primary.ToString());
        }
    }

    private void MarkFresh(SecondaryState state)
    {
        state.LastRefresh = _time.GetUtcNow();
        if (state.Expired)
        {
            state.Expired = false;
            Publish();
        }
    }

    /// <summary>Swaps in the catalog of live copies (the journal and NOTIFY hang on this swap).</summary>
    private void Publish()
    {
        lock (_swapLock)
        {
            Catalog.Replace(new ZoneCatalog(_states.Values.Where(s => s.Zone is not null && !s.Expired).Select(s => s.Zone!)));
        }
    }

    /// <summary>The configured secondary zone that holds the lowered name, if any.</summary>
    internal SecondaryState? FindState(ReadOnlySpan<byte> lowerName)
    {
        if (_states.Count == 0)
        {
            return null;
        }

        int offset = 0;
        while (true)
        {
            if (_lookup.TryGetValue(lowerName[offset..], out var state))
            {
                return state;
            }

            if (lowerName[offset] == 0)
            {
                return null;
            }

            offset += lowerName[offset] + 1;
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Answers from the live copies; SERVFAIL for a zone not loaded yet or expired (RFC 1035 §4.3.5).</summary>
    private sealed class SecondaryStage(SecondaryZones zones) : IQueryMiddleware
    {
        public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
        {
            var state = zones.FindState(context.QNameLower);
            if (state is null)
            {
                return next(context);
            }

            context.AnsweredBy = AnswerSource.Authoritative;
            if (state.Zone is null || state.Expired || !AnswerBuilder.TryAnswer(context, zones.Catalog.Current))
            {
                context.Response.SetRcode(ResponseCode.ServFail);
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>One secondary zone's copy and timers.</summary>
internal sealed class SecondaryState(SecondaryPolicy policy)
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SecondaryPolicy Policy { get; } = policy;

    public volatile Zone? Zone;

    public volatile bool Expired;

    public DateTimeOffset LastRefresh { get; set; }

    public void Wake() => _wake.TrySetResult();

    /// <summary>Waits for the delay or a NOTIFY, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        var woken = Volatile.Read(ref _wake).Task;
        if (delay > TimeSpan.Zero && !woken.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(delay, time, cancellationToken), woken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (woken.IsCompleted)
        {
            Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
