using System.Collections.Concurrent;
using System.Net;

namespace DnsServer.Recursive.Selection;

/// <summary>
/// Chooses among a zone's server addresses by smoothed RTT, as Unbound's infra cache does: the
/// servers within <see cref="Band"/> of the fastest are equally likely, so slower ones are still
/// explored; a timeout doubles a server's timeout value (RFC 6298 §5.5 back-off) and repeated
/// timeouts keep it out of the choice for a while. Every reply and timeout is fed back.
/// </summary>
internal sealed class ServerSelector(TimeProvider time, Random random)
{
    /// <summary>Unbound's UNKNOWN_SERVER_NICENESS: the RTT assumed for a server never asked.</summary>
    public static readonly TimeSpan UnknownRtt = TimeSpan.FromMilliseconds(376);

    /// <summary>Servers within this much of the fastest are chosen among at random (Unbound's RTT_BAND).</summary>
    public static readonly TimeSpan Band = TimeSpan.FromMilliseconds(400);

    /// <summary>The lowest timeout for one query, so a loaded loopback server is not given up at once.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a server that keeps timing out is left alone (Unbound's RTT_MAX_TIMEOUT).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(120);

    /// <summary>Consecutive timeouts after which a server is kept out of the choice for a while.</summary>
    private const int TimeoutsBeforeBackoff = 2;

    private readonly ConcurrentDictionary<IPAddress, ServerState> _servers = new();
    private readonly Lock _randomLock = new();

    public ServerSelector(TimeProvider time)
        : this(time, new Random(Protocol.SecureRandom.GetInt32(int.MaxValue)))
    {
    }

    /// <summary>Picks the next server among <paramref name="candidates"/>; null when there are none.</summary>
    public IPAddress? Choose(IReadOnlyList<IPAddress> candidates)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        long now = time.GetUtcNow().UtcTicks;
        double best = double.MaxValue;
        foreach (var address in candidates)
        {
            best = Math.Min(best, Score(address, now));
        }

        Span<int> band = candidates.Count <= 64 ? stackalloc int[candidates.Count] : new int[candidates.Count];
        int count = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            if (Score(candidates[i], now) <= best + Band.TotalMilliseconds)
            {
                band[count++] = i;
            }
        }

        lock (_randomLock)
        {
            return candidates[band[random.Next(count)]];
        }
    }

    /// <summary>How long to wait for <paramref name="address"/>: its RTO (RFC 6298 §2), clamped to [<see cref="MinTimeout"/>, <paramref name="max"/>].</summary>
    public TimeSpan Timeout(IPAddress address, TimeSpan max)
    {
        var rto = _servers.TryGetValue(address, out var state) ? state.Rto : UnknownRtt * 2;
        return rto < MinTimeout ? MinTimeout : rto > max ? max : rto;
    }

    public void ReportReply(IPAddress address, TimeSpan rtt) =>
        _servers.GetOrAdd(address, static _ => new ServerState()).Reply(rtt);

    public void ReportTimeout(IPAddress address) =>
        _servers.GetOrAdd(address, static _ => new ServerState()).Timeout(time.GetUtcNow().UtcTicks);

    /// <summary>The smoothed RTT known for a server; null when never measured.</summary>
    public TimeSpan? SmoothedRtt(IPAddress address) =>
        _servers.TryGetValue(address, out var state) && state.Measured ? state.Srtt : null;

    private double Score(IPAddress address, long now)
    {
        if (!_servers.TryGetValue(address, out var state))
        {
            return UnknownRtt.TotalMilliseconds;
        }

        double score = state.Measured ? state.Srtt.TotalMilliseconds : UnknownRtt.TotalMilliseconds;
        return state.BlockedUntilTicks > now ? score + MaxBackoff.TotalMilliseconds : score + (state.Timeouts * Band.TotalMilliseconds);
    }

    /// <summary>RTT statistics of one server address (RFC 6298 §2: SRTT, RTTVAR, RTO).</summary>
    private sealed class ServerState
    {
        private readonly Lock _lock = new();

        public bool Measured { get; private set; }

        public TimeSpan Srtt { get; private set; }

        public TimeSpan RttVar { get; private set; }

        public TimeSpan Rto { get; private set; } = UnknownRtt * 2;

        public int Timeouts { get; private set; }

        public long BlockedUntilTicks { get; private set; }

        public void Reply(TimeSpan rtt)
        {
            lock (_lock)
            {
                if (!Measured)
                {
                    Srtt = rtt;
                    RttVar = rtt / 2;
                    Measured = true;
                }
                else
                {
                    // RFC 6298 §2.3: alpha = 1/8, beta = 1/4.
                    RttVar = (RttVar * 0.75) + ((Srtt - rtt).Duration() * 0.25);
                    Srtt = (Srtt * 0.875) + (rtt * 0.125);
                }

                Rto = Srtt + (RttVar * 4);
                Timeouts = 0;
                BlockedUntilTicks = 0;
            }
        }

        public void Timeout(long nowTicks)
        {
            lock (_lock)
            {
                Timeouts++;
                Rto = Rto * 2 > MaxBackoff ? MaxBackoff : Rto * 2;
                if (Timeouts >= TimeoutsBeforeBackoff)
                {
                    var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 1 << Math.Min(Timeouts, 7)));
                    BlockedUntilTicks = nowTicks + backoff.Ticks;
                }
            }
        }
    }
}
