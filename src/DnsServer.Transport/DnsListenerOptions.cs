using System.Net;

namespace DnsServer.Transport;

/// <summary>Where and how the DNS listeners accept queries. Validated at start.</summary>
public sealed class DnsListenerOptions
{
    /// <summary>
    /// Addresses and ports to answer on, over both UDP and TCP.
    /// </summary>
    /// <remarks>Defaults to 127.0.0.1:5300 and [::1]:5300: loopback only, and no root needed.</remarks>
    public IList<IPEndPoint> Endpoints { get; } = [];

    /// <summary>UDP receive threads per endpoint, each on its own SO_REUSEPORT socket.</summary>
    /// <remarks>Defaults to the number of processors.</remarks>
    public int UdpThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// On Linux, take and answer datagrams in batches with recvmmsg/sendmmsg; otherwise (and on
    /// other systems) one receive and one send per datagram.
    /// </summary>
    /// <remarks>Defaults to true.</remarks>
    public bool UdpBatching { get; set; } = true;

    /// <summary>Most TCP connections open at once over all endpoints; more are closed at accept.</summary>
    /// <remarks>Defaults to 1,000.</remarks>
    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>
    /// How long a TCP connection may go without completing a query before it is closed
    /// (RFC 7766 §6.2.3). A client that trickles bytes gets no more time than an idle one.
    /// </summary>
    /// <remarks>Defaults to 10 seconds, as Knot's <c>tcp-idle-timeout</c>.</remarks>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most queries of one TCP connection being answered at once; reading pauses beyond it.</summary>
    /// <remarks>Defaults to 100.</remarks>
    public int MaxTcpQueriesInFlight { get; set; } = 100;

    public static IPEndPoint[] DefaultEndpoints() =>
        [new IPEndPoint(IPAddress.Loopback, 5300), new IPEndPoint(IPAddress.IPv6Loopback, 5300)];

    public void Validate()
    {
        if (Endpoints.Count == 0)
        {
            throw new InvalidOperationException("no listen endpoint configured");
        }

        if (UdpThreads is < 1 or > 256)
        {
            throw new InvalidOperationException($"threads must be between 1 and 256, not {UdpThreads}");
        }

        if (MaxTcpConnections < 1 || MaxTcpQueriesInFlight < 1 || TcpIdleTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("TCP limits must be positive");
        }
    }
}
