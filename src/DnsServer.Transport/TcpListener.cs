using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>
/// TCP on one endpoint (RFC 7766): an accept loop, and per connection one reader and one writer
/// with pipelined queries, a cap on connections and an idle timeout.
/// </summary>
internal sealed class TcpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly QueryExecutor _executor;
    private readonly DnsListenerOptions _options;
    private readonly ConnectionTracker _connections;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly QueryContextPool _contexts = new(256);
    private Task? _acceptLoop;

    public TcpListener(IPEndPoint endpoint, QueryExecutor executor, DnsListenerOptions options, ConnectionTracker connections, ILogger logger)
    {
        _executor = executor;
        _options = options;
        _connections = connections;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.NoDelay = true;
            _socket.Bind(endpoint);
            _socket.Listen(1024);
            LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Start() => _acceptLoop = AcceptLoopAsync(_stopping.Token);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                Log.AcceptFailed(_logger, exception, LocalEndPoint);
                continue;
            }

            if (!_connections.TryEnter())
            {
                Log.TooManyConnections(_logger, client.RemoteEndPoint, _options.MaxTcpConnections);
                client.Dispose();
                continue;
            }

            var connection = new TcpConnection(client, _executor, _options, _contexts, _logger);
            _ = RunConnectionAsync(connection, cancellationToken);
        }
    }

    private async Task RunConnectionAsync(TcpConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connection.Dispose();
            _connections.Exit();
        }
    }

    public void Stop()
    {
        _stopping.Cancel();
        _socket.Dispose();
        _acceptLoop?.Wait(TimeSpan.FromSeconds(2));
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }
}

/// <summary>Counts open TCP connections over all endpoints, against the configured cap.</summary>
internal sealed class ConnectionTracker(int limit)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _open);
}
