using System.Net;
using System.Net.Sockets;
using DnsServer.Pipeline;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>
/// UDP on one endpoint: N dedicated threads, each blocking on its own SO_REUSEPORT socket, so the
/// kernel spreads datagrams over them and no query waits for the thread pool. Each thread owns
/// one context and reuses it; only a query that has to wait (recursion) takes another.
/// </summary>
internal sealed class UdpListener : IDisposable
{
    private readonly QueryExecutor _executor;
    private readonly ILogger _logger;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    private readonly bool _batching;

    public UdpListener(IPEndPoint endpoint, int threads, bool batching, QueryExecutor executor, ILogger logger)
    {
        _executor = executor;
        _batching = batching && OperatingSystem.IsLinux();
        _logger = logger;
        EnsureFree(endpoint);
        var first = Bind(endpoint);
        LocalEndPoint = (IPEndPoint)first.LocalEndPoint!;
        _sockets.Add(first);
        for (int i = 1; i < threads && OperatingSystem.IsLinux(); i++)
        {
            _sockets.Add(Bind(LocalEndPoint));
        }
    }

    /// <summary>The endpoint actually bound (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// SO_REUSEPORT would let us share a port another process of the same user holds; a plain bind
    /// first makes a taken port fail loudly instead.
    /// </summary>
    private static void EnsureFree(IPEndPoint endpoint)
    {
        if (endpoint.Port == 0)
        {
            return;
        }

        using var probe = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            probe.DualMode = false;
        }

        probe.Bind(endpoint);
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SocketOptions.EnableReusePort(socket);
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Blocking = true;

            // A receive that waits at most this long lets a thread notice the listener stopping.
            socket.ReceiveTimeout = 500;
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            socket.SendBufferSize = 4 * 1024 * 1024;
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start()
    {
        for (int i = 0; i < _sockets.Count; i++)
        {
            var socket = _sockets[i];
            var thread = new Thread(() => RunLoop(socket))
            {
                IsBackground = true,
                Name = $"dns-udp-{LocalEndPoint.Port}-{i}",
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void RunLoop(Socket socket)
    {
        // Queries answered on this thread are counted in a stripe of its own, without atomics.
        using var counting = Pipeline.Diagnostics.StripedCounters.DedicateCurrentThread();

        // A fault in the loop itself (the pipeline's own faults become SERVFAIL) must not end
        // the thread: log it and go on receiving.
        while (!_stopping)
        {
            try
            {
                if (!_batching)
                {
                    Run(socket);
                    continue;
                }

                using var loop = new Linux.BatchedUdpLoop(socket, _executor, (s, pending, context, address) => _ = ReplyLaterAsync(s, pending, context, address));
                loop.Run(() => _stopping);
            }
            catch (Exception exception) when (!_stopping)
            {
                Log.ReceiveFailed(_logger, exception, LocalEndPoint);
            }

            if (!_stopping)
            {
                // The loop gave up on its socket; pause so a persistent fault cannot spin a core.
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The portable loop: one datagram per receive, for systems without recvmmsg.</summary>
    private void Run(Socket socket)
    {
        var context = new QueryContext();
        var address = new SocketAddress(socket.AddressFamily);
        while (!_stopping)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(context.RequestBuffer.Span, SocketFlags.None, address);
            }
            catch (SocketException exception) when (!_stopping && (IsTransient(exception) || exception.SocketErrorCode == SocketError.TimedOut))
            {
                continue;
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                if (!_stopping)
                {
                    Log.ReceiveFailed(_logger, exception, LocalEndPoint);
                }

                return;
            }

            context.Reset(received, TransportKind.Udp, ClientAddress.FromSocketAddress(address));
            context.ReceivedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            var pending = _executor.ExecuteAsync(context);
            if (!pending.IsCompleted)
            {
                _ = ReplyLaterAsync(socket, pending, context, CopyOf(address));
                context = new QueryContext();
                continue;
            }

            Reply(socket, context, address);
        }
    }

    private static SocketAddress CopyOf(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

    private async Task ReplyLaterAsync(Socket socket, ValueTask pending, QueryContext context, SocketAddress address)
    {
        await pending.ConfigureAwait(false);
        Reply(socket, context, address);
    }

    private void Reply(Socket socket, QueryContext context, SocketAddress address)
    {
        if (context.ResponseLength == 0)
        {
            return;
        }

        try
        {
            socket.SendTo(context.ResponseBytes, SocketFlags.None, address);
        }
        catch (SocketException exception) when (IsTransient(exception))
        {
            // The client's port is gone or the send buffer is full: the client retries, as over any UDP.
        }
        catch (ObjectDisposedException) when (_stopping)
        {
        }
    }

    /// <summary>Errors a datagram socket reports for one peer that must not stop the listener.</summary>
    private static bool IsTransient(SocketException exception) => exception.SocketErrorCode is
        SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.HostUnreachable
        or SocketError.NetworkUnreachable or SocketError.MessageSize or SocketError.NoBufferSpaceAvailable
        or SocketError.WouldBlock or SocketError.Interrupted;

    public void Stop()
    {
        _stopping = true;
        foreach (var socket in _sockets)
        {
            // Shutdown wakes a thread blocked in recvfrom; Dispose alone does not on Linux.
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }

            socket.Dispose();
        }

        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    public void Dispose() => Stop();
}
