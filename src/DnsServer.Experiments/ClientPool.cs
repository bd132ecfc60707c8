namespace DnsServer.Experiments;

/// <summary>
/// The simulated clients, without I/O: each wakes on its own tick, uses its cached answer while
/// the TTL lasts, and asks again only when it has expired. One priority queue orders the wake-ups,
/// so a single loop drives hundreds of clients. Times are milliseconds since time 0.
/// </summary>
internal sealed class ClientPool
{
    private readonly long _intervalMs;
    private readonly long _timeoutMs;
    private readonly PriorityQueue<int, long> _due = new();
    private readonly string?[] _address;
    private readonly long[] _expiresMs;
    private readonly long[] _pendingSinceMs;

    /// <param name="count">how many clients</param>
    /// <param name="interval">time between two uses of the answer by one client</param>
    /// <param name="queryTimeout">how long a query may stay unanswered before the client asks again</param>
    public ClientPool(int count, TimeSpan interval, TimeSpan queryTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _intervalMs = Math.Max(1, (long)interval.TotalMilliseconds);
        _timeoutMs = Math.Max(1, (long)queryTimeout.TotalMilliseconds);
        _address = new string?[count];
        _expiresMs = new long[count];
        _pendingSinceMs = new long[count];
        Array.Fill(_pendingSinceMs, -1);

        // First ticks spread evenly over one interval, so the clients do not ask in lockstep.
        for (int client = 0; client < count; client++)
        {
            _due.Enqueue(client, client * _intervalMs / count);
        }
    }

    public int Count => _address.Length;

    public long QueriesSent { get; private set; }

    public long QueriesLost { get; private set; }

    public long EmptyAnswers { get; private set; }

    /// <summary>The time of the next wake-up.</summary>
    public long NextDueMs => _due.TryPeek(out _, out long due) ? due : long.MaxValue;

    /// <summary>The address the client uses now (its last answer), or null.</summary>
    public string? CurrentAddress(int client) => _address[client];

    /// <summary>Wakes every client due at or before <paramref name="nowMs"/>: it uses its cached answer or needs a query.</summary>
    public void Tick(long nowMs, List<int> queries, List<AnswerUse> uses)
    {
        while (_due.TryPeek(out int client, out long due) && due <= nowMs)
        {
            _due.Dequeue();

            // Keep the phase; a loop that fell behind by more than an interval skips ahead instead of bursting.
            long next = due + _intervalMs;
            _due.Enqueue(client, next > nowMs ? next : nowMs + _intervalMs);
            Wake(client, nowMs, queries, uses);
        }
    }

    /// <summary>A response arrived: the client caches and uses it (an empty or failed answer leaves the cache as it was).</summary>
    public bool OnResponse(int client, long nowMs, string? address, uint ttl, List<AnswerUse> uses)
    {
        if (_pendingSinceMs[client] < 0)
        {
            return false;
        }

        _pendingSinceMs[client] = -1;
        if (address is null)
        {
            EmptyAnswers++;
            return true;
        }

        _address[client] = address;
        _expiresMs[client] = nowMs + (ttl * 1000L);
        uses.Add(new AnswerUse(nowMs, client, address, (int)Math.Min(ttl, int.MaxValue), FromCache: false));
        return true;
    }

    private void Wake(int client, long nowMs, List<int> queries, List<AnswerUse> uses)
    {
        if (_pendingSinceMs[client] >= 0)
        {
            if (nowMs - _pendingSinceMs[client] < _timeoutMs)
            {
                return;
            }

            QueriesLost++;
            _pendingSinceMs[client] = -1;
        }

        if (_address[client] is { } address && nowMs < _expiresMs[client])
        {
            int left = (int)((_expiresMs[client] - nowMs + 999) / 1000);
            uses.Add(new AnswerUse(nowMs, client, address, left, FromCache: true));
            return;
        }

        _pendingSinceMs[client] = nowMs;
        QueriesSent++;
        queries.Add(client);
    }
}
