namespace DnsServer.Pipeline;

/// <summary>
/// Warms the CPU caches for the queries of a received batch while the ones before them are
/// being answered.
/// </summary>
/// <remarks>
/// In a zone larger than the caches, each lookup waits on a couple of cache misses in a row.
/// Asking for the next queries' lines one or two queries ahead gives those misses the time of a
/// whole answer to land, instead of stalling the lookup that needs them. A prefetcher only reads:
/// it changes no answer.
/// </remarks>
public interface IBatchPrefetcher
{
    /// <summary>
    /// Called just before <c>batch[index]</c> is answered, with the whole batch received. Must not
    /// block, allocate or throw; a request it cannot read is left alone.
    /// </summary>
    void Prefetch(ReadOnlySpan<QueryContext> batch, int index);
}
