namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// A set of counters that many threads increment at once without a lock and without allocating:
/// each stripe (chosen by the processor the thread runs on) has its own array, padded so that
/// stripes do not share a cache line, and a scrape sums the stripes.
/// </summary>
/// <remarks>
/// A thread that answers queries for its whole life (a UDP receive loop) can take a stripe of its
/// own with <see cref="DedicateCurrentThread"/>. With one writer, a stripe needs no atomic
/// read-modify-write: its counts are plain stores, not the locked instructions that empty the
/// store buffer on every query. The stripe is freed with its thread and taken by the next, so its
/// counts are never lost and the stripes number no more than such threads alive at once.
/// </remarks>
public sealed class StripedCounters
{
    /// <summary>Longs after the last counter of a stripe: 128 bytes, two cache lines, so neighbouring arrays do not share one.</summary>
    private const int Padding = 16;

    /// <summary>Dedicated stripe numbers freed by their threads, process-wide; the lowest is reused first.</summary>
    private static readonly SortedSet<int> s_freeOwners = [];
    private static int s_nextOwner;

    /// <summary>The current thread's dedicated stripe number, from 1; 0 when it has none.</summary>
    [ThreadStatic]
    private static int t_owner;

    private readonly long[][] _stripes;
    private readonly int _mask;
    private volatile long[]?[] _owned = [];

    public StripedCounters(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        int stripes = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, Environment.ProcessorCount * 2));
        _mask = stripes - 1;
        _stripes = new long[stripes][];
        for (int i = 0; i < stripes; i++)
        {
            _stripes[i] = new long[length + Padding];
        }

        Length = length;
    }

    public int Length { get; }

    /// <summary>
    /// Gives the calling thread a stripe of its own in every set of counters until the result is
    /// disposed, on the same thread. Only for a thread that does nothing else meanwhile that could
    /// hand its counting to another thread.
    /// </summary>
    public static IDisposable DedicateCurrentThread()
    {
        if (t_owner != 0)
        {
            throw new InvalidOperationException("This thread already has a dedicated stripe");
        }

        lock (s_freeOwners)
        {
            if (s_freeOwners.Count > 0)
            {
                t_owner = s_freeOwners.Min;
                s_freeOwners.Remove(t_owner);
            }
            else
            {
                t_owner = ++s_nextOwner;
            }
        }

        return new Dedication(t_owner);
    }

    public void Increment(int index) => Writer().Increment(index);

    public void Add(int index, long value) => Writer().Add(index, value);

    /// <summary>The calling thread's way in, for several counts in a row.</summary>
    public StripeWriter Writer()
    {
        int owner = t_owner;
        if (owner != 0)
        {
            var owned = _owned;
            return new StripeWriter((uint)owner < (uint)owned.Length && owned[owner] is { } stripe ? stripe : OwnedStripe(owner), exclusive: true);
        }

        return new StripeWriter(_stripes[Thread.GetCurrentProcessorId() & _mask], exclusive: false);
    }

    /// <summary>The counter's total over all stripes; a moment's increments may be missed, never counted twice.</summary>
    public long Sum(int index)
    {
        long total = 0;
        foreach (var stripe in _stripes)
        {
            total += Volatile.Read(ref stripe[index]);
        }

        foreach (var stripe in _owned)
        {
            if (stripe is not null)
            {
                total += Volatile.Read(ref stripe[index]);
            }
        }

        return total;
    }

    /// <summary>Makes the owner's stripe on its first count here; the array of stripes is copied, never changed in place.</summary>
    private long[] OwnedStripe(int owner)
    {
        lock (_stripes)
        {
            var owned = _owned;
            if (owner < owned.Length && owned[owner] is { } existing)
            {
                return existing;
            }

            var grown = new long[]?[Math.Max(owned.Length, owner + 1)];
            owned.CopyTo(grown, 0);
            var stripe = new long[Length + Padding];
            grown[owner] = stripe;
            _owned = grown;
            return stripe;
        }
    }

    /// <summary>One stripe, written plainly when it is the thread's own and atomically when it is shared.</summary>
    public readonly ref struct StripeWriter
    {
        private readonly long[] _stripe;
        private readonly bool _exclusive;

        internal StripeWriter(long[] stripe, bool exclusive)
        {
            _stripe = stripe;
            _exclusive = exclusive;
        }

        public void Increment(int index) => Add(index, 1);

        public void Add(int index, long value)
        {
            ref long counter = ref _stripe[index];
            if (_exclusive)
            {
                // The only writer: a plain read and a store a scrape can read whole (aligned 64 bits).
                Volatile.Write(ref counter, counter + value);
            }
            else
            {
                Interlocked.Add(ref counter, value);
            }
        }
    }

    private sealed class Dedication(int owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            if (t_owner != owner)
            {
                throw new InvalidOperationException("A dedicated stripe is released by the thread that took it");
            }

            _disposed = true;
            t_owner = 0;
            lock (s_freeOwners)
            {
                s_freeOwners.Add(owner);
            }
        }
    }
}
