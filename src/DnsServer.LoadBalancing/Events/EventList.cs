namespace DnsServer.LoadBalancing.Events;

/// <summary>
/// The most recent load-balancing events in a bounded ring: when it is full the oldest event is
/// dropped. Each event gets a sequence number that only grows, the wall time and the monotonic time
/// since the list was made. Thread-safe; it is written off the query path.
/// </summary>
public sealed class EventList : IEventSink
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private LoadBalancingEvent?[] _ring;
    private int _oldest;
    private int _count;
    private long _sequence;

    public EventList(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _start = time.GetTimestamp();
        _ring = new LoadBalancingEvent?[capacity];
    }

    /// <summary>Raised after an event is added, outside the list's lock (for a live console).</summary>
    public event Action<LoadBalancingEvent>? Added;

    /// <summary>The most events kept; setting it keeps the newest events that fit.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _ring.Length;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_gate)
            {
                var kept = CopyNewest(Math.Min(_count, value));
                _ring = new LoadBalancingEvent?[value];
                kept.CopyTo(_ring, 0);
                _oldest = 0;
                _count = kept.Length;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The sequence number of the newest event; 0 before the first.</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    /// <summary>Monotonic time since the list was made: the clock of <see cref="LoadBalancingEvent.Elapsed"/>.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public void Add(LoadBalancingEventKind kind, string? pool, string? member, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        LoadBalancingEvent added;
        lock (_gate)
        {
            added = new LoadBalancingEvent(_sequence + 1, _time.GetUtcNow(), Elapsed, kind, pool, member, message);
            Interlocked.Exchange(ref _sequence, added.Sequence);
            if (_count < _ring.Length)
            {
                _ring[(_oldest + _count) % _ring.Length] = added;
                _count++;
            }
            else
            {
                _ring[_oldest] = added;
                _oldest = (_oldest + 1) % _ring.Length;
            }
        }

        Added?.Invoke(added);
    }

    /// <summary>The events kept whose sequence number is greater than <paramref name="afterSequence"/>, oldest first.</summary>
    public IReadOnlyList<LoadBalancingEvent> Snapshot(long afterSequence = 0)
    {
        lock (_gate)
        {
            var all = CopyNewest(_count);
            int first = 0;
            while (first < all.Length && all[first].Sequence <= afterSequence)
            {
                first++;
            }

            return first == 0 ? all : all[first..];
        }
    }

    private LoadBalancingEvent[] CopyNewest(int count)
    {
        var copy = new LoadBalancingEvent[count];
        int skip = _count - count;
        for (int i = 0; i < count; i++)
        {
            copy[i] = _ring[(_oldest + skip + i) % _ring.Length]!;
        }

        return copy;
    }
}
