using System.Net;
using DnsServer.Protocol;

namespace DnsServer.Recursive.Upstream;

/// <summary>One query to one upstream server: RD clear, EDNS 1232 with DO clear.</summary>
internal readonly record struct UpstreamQuery(IPEndPoint Server, DnsQuestion Question, TimeSpan Timeout);

internal enum UpstreamStatus : byte
{
    /// <summary>A reply that matched the query's ID, question and server address.</summary>
    Reply,

    /// <summary>No matching reply within the timeout.</summary>
    Timeout,

    /// <summary>The server could not be reached (connection refused, network down).</summary>
    Unreachable,
}

internal sealed record UpstreamReply(UpstreamStatus Status, DnsMessage? Message, TimeSpan Elapsed)
{
    public static UpstreamReply TimedOut(TimeSpan elapsed) => new(UpstreamStatus.Timeout, null, elapsed);
}

/// <summary>
/// The resolver's only I/O: sends one question to one server and waits for the matching reply.
/// Tests script it; <see cref="UdpTcpTransport"/> is the real one.
/// </summary>
internal interface IUpstreamTransport
{
    ValueTask<UpstreamReply> QueryAsync(UpstreamQuery query, CancellationToken cancellationToken);
}
