using System.Collections.Concurrent;
using System.Net;
using DnsServer.Protocol;
using DnsServer.Recursive.Upstream;

namespace DnsServer.Recursive.Tests;

/// <summary>The transport seam scripted: each server address has a handler; no handler (or null from it) is a timeout.</summary>
internal sealed class ScriptedTransport : IUpstreamTransport
{
    private readonly Dictionary<IPAddress, Func<DnsQuestion, DnsMessage?>> _servers = [];

    public ConcurrentQueue<(IPAddress Server, DnsQuestion Question)> Queries { get; } = new();

    public int Count => Queries.Count;

    public ScriptedTransport Serve(string address, Func<DnsQuestion, DnsMessage?> handler)
    {
        _servers[IPAddress.Parse(address)] = handler;
        return this;
    }

    public ScriptedTransport Serve(string address, FakeAuthority authority) => Serve(address, authority.Answer);

    public ValueTask<UpstreamReply> QueryAsync(UpstreamQuery query, CancellationToken cancellationToken)
    {
        Queries.Enqueue((query.Server.Address, query.Question));
        if (!_servers.TryGetValue(query.Server.Address, out var handler) || handler(query.Question) is not { } reply)
        {
            return ValueTask.FromResult(UpstreamReply.TimedOut(query.Timeout));
        }

        // Round-trip through the wire so the resolver sees what a socket would give it.
        return ValueTask.FromResult(new UpstreamReply(UpstreamStatus.Reply, DnsMessage.Parse(reply.ToArray()), TimeSpan.FromMilliseconds(1)));
    }
}
