namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// A set of counters that many threads increment at once without a lock and without allocating:
/// each stripe (chosen by the processor the thread runs on) has its own array, padded so that
/// stripes do not share a cache line, and a scrape sums the stripes.
/// </summary>
public sealed class StripedCounters
{
    /// <summary>Longs after the last counter of a stripe: 128 bytes, two cache lines, so neighbouring arrays do not share one.</summary>
    private const int Padding = 16;

    private readonly long[][] _stripes;
    private readonly int _mask;

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

    public void Increment(int index) => Interlocked.Increment(ref _stripes[Thread.GetCurrentProcessorId() & _mask][index]);

    public void Add(int index, long value) => Interlocked.Add(ref _stripes[Thread.GetCurrentProcessorId() & _mask][index], value);

    /// <summary>The counter's total over all stripes; a moment's increments may be missed, never counted twice.</summary>
    public long Sum(int index)
    {
        long total = 0;
        foreach (var stripe in _stripes)
        {
            total += Volatile.Read(ref stripe[index]);
        }

        return total;
    }
}
