using DnsServer.Pipeline.Diagnostics;

namespace DnsServer.Pipeline.Tests.Diagnostics;

public sealed class StripedCountersTests
{
    private static void OnThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void Sum_DedicatedAndSharedThreadsAtOnce_CountsEveryIncrement()
    {
        var counters = new StripedCounters(3);
        const int PerThread = 200_000;

        var threads = Enumerable.Range(0, 6).Select(i => new Thread(() =>
        {
            using var dedication = i % 2 == 0 ? StripedCounters.DedicateCurrentThread() : null;
            for (int n = 0; n < PerThread; n++)
            {
                var writer = counters.Writer();
                writer.Increment(0);
                writer.Add(2, 2);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(6L * PerThread, counters.Sum(0));
        Assert.Equal(0, counters.Sum(1));
        Assert.Equal(12L * PerThread, counters.Sum(2));
    }

    [Fact]
    public void Sum_DedicatedThreadEnded_KeepsItsCountsAndTheNextThreadAddsToThem()
    {
        var counters = new StripedCounters(1);

        OnThread(() =>
        {
            using var dedication = StripedCounters.DedicateCurrentThread();
            counters.Add(0, 5);
        });
        OnThread(() =>
        {
            using var dedication = StripedCounters.DedicateCurrentThread();
            counters.Increment(0);
        });
        counters.Increment(0);

        Assert.Equal(7, counters.Sum(0));
    }

    [Fact]
    public void DedicateCurrentThread_Twice_Throws()
    {
        OnThread(() =>
        {
            using var dedication = StripedCounters.DedicateCurrentThread();
            Assert.Throws<InvalidOperationException>(StripedCounters.DedicateCurrentThread);
        });
    }

    [Fact]
    public void DedicateCurrentThread_ReleasedOnAnotherThread_Throws()
    {
        IDisposable? dedication = null;
        OnThread(() => dedication = StripedCounters.DedicateCurrentThread());

        Assert.Throws<InvalidOperationException>(() => dedication!.Dispose());
    }
}
