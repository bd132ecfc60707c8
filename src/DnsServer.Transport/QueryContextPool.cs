using System.Collections.Concurrent;
using DnsServer.Pipeline;

namespace DnsServer.Transport;

/// <summary>
/// Contexts shared by all TCP connections. A context carries 128 KB of pinned buffers, too much
/// to make for every short connection; a bounded pool keeps a few for whoever needs one next.
/// </summary>
internal sealed class QueryContextPool(int capacity)
{
    private readonly ConcurrentQueue<QueryContext> _free = new();
    private int _count;

    public QueryContext Rent()
    {
        if (_free.TryDequeue(out var context))
        {
            Interlocked.Decrement(ref _count);
            return context;
        }

        return new QueryContext();
    }

    public void Return(QueryContext context)
    {
        if (Interlocked.Increment(ref _count) <= capacity)
        {
            _free.Enqueue(context);
            return;
        }

        Interlocked.Decrement(ref _count);
    }
}
