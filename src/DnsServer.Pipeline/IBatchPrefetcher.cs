namespace DnsServer.Pipeline;

/// <summary>
/// Warms the CPU caches for a batch of received queries before the first of them is answered.
/// </summary>
/// <remarks>
/// In a zone larger than the caches, each lookup waits on a few cache misses in a row. Asking
/// for the first lines of every query's lookup up front lets those misses overlap across the
/// batch instead of following one another. It changes no answer: a prefetcher only reads.
/// </remarks>
public interface IBatchPrefetcher
{
    /// <summary>
    /// Called with the contexts of one batch, their requests received, before any is answered.
    /// Must not block, allocate or throw; a request it cannot read is left alone.
    /// </summary>
    void Prefetch(ReadOnlySpan<QueryContext> batch);
}
