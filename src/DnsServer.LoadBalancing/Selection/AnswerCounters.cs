namespace DnsServer.LoadBalancing.Selection;

/// <summary>
/// Answers given per member, counted on the query path without a lock: one stripe of counters
/// per group of threads, stripes a cache line apart so that threads do not share lines.
/// </summary>
internal sealed class AnswerCounters
{
    /// <summary>Longs per cache line (64 bytes) × 2, against adjacent-line prefetch.</summary>
    private const int Padding = 16;

    private readonly long[] _counts;
    private readonly int _stride;
    private readonly int _mask;

    public AnswerCounters(int members)
    {
        int stripes = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        _mask = stripes - 1;
        _stride = members + Padding;
        _counts = new long[(stripes * _stride) + Padding];
        Members = members;
    }

    public int Members { get; }

    public void Increment(int memberId)
    {
        if ((uint)memberId < (uint)Members)
        {
            int stripe = Environment.CurrentManagedThreadId & _mask;
            Interlocked.Increment(ref _counts[Padding + (stripe * _stride) + memberId]);
        }
    }

    public long Read(int memberId)
    {
        long total = 0;
        for (int stripe = 0; stripe <= _mask; stripe++)
        {
            total += Volatile.Read(ref _counts[Padding + (stripe * _stride) + memberId]);
        }

        return total;
    }
}

/// <summary>A pool's rotation counter, alone on its cache lines.</summary>
internal sealed class RotationCounter
{
    private readonly long[] _slot = new long[24];

    public int Next() => (int)((ulong)Interlocked.Increment(ref _slot[8]) & int.MaxValue);
}
