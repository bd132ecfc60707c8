namespace DnsServer.Pipeline;

/// <summary>
/// Sends whole messages on the connection a query came in on, for answers that take more than one
/// message (zone transfers, RFC 5936 §2.2). Only stream transports (TCP) set
/// <see cref="QueryContext.Stream"/>; each message leaves whole, never interleaved with the bytes
/// of another answer on the same connection.
/// </summary>
public interface IResponseStream
{
    /// <summary>Sends one DNS message (without the TCP length prefix, which the transport adds).</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);
}
