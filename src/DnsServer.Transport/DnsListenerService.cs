using System.Net;
using System.Net.Sockets;
using DnsServer.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>
/// Binds UDP and TCP on every configured endpoint in <see cref="StartAsync"/>, so that a taken
/// port fails start-up, then reports the endpoints really bound (STYLE.md point 12).
/// </summary>
public sealed class DnsListenerService : IHostedService, IDisposable
{
    private readonly DnsListenerOptions _options;
    private readonly QueryExecutor _executor;
    private readonly ILogger<DnsListenerService> _logger;
    private readonly List<UdpListener> _udp = [];
    private readonly List<TcpListener> _tcp = [];

    public DnsListenerService(DnsListenerOptions options, QueryDelegate pipeline, ILogger<DnsListenerService> logger, IBatchPrefetcher? prefetcher = null)
    {
        options.Validate();
        _options = options;
        _logger = logger;
        _executor = new QueryExecutor(pipeline, logger, prefetcher);
    }

    /// <summary>The UDP endpoints bound, in the order configured.</summary>
    public IReadOnlyList<IPEndPoint> UdpEndpoints => _udp.Select(l => l.LocalEndPoint).ToList();

    /// <summary>The TCP endpoints bound, in the order configured.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndpoints => _tcp.Select(l => l.LocalEndPoint).ToList();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var connections = new ConnectionTracker(_options.MaxTcpConnections);
        try
        {
            foreach (var endpoint in _options.Endpoints)
            {
                var (udp, tcp) = endpoint.Port == 0 ? BindAnyPort(endpoint, connections) : Bind(endpoint, connections);
                _udp.Add(udp);
                _tcp.Add(tcp);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        foreach (var udp in _udp)
        {
            udp.Start();
            Log.Listening(_logger, udp.LocalEndPoint, "udp");
        }

        foreach (var tcp in _tcp)
        {
            tcp.Start();
            Log.Listening(_logger, tcp.LocalEndPoint, "tcp");
        }

        return Task.CompletedTask;
    }

    private (UdpListener Udp, TcpListener Tcp) Bind(IPEndPoint endpoint, ConnectionTracker connections)
    {
        var udp = new UdpListener(endpoint, _options.UdpThreads, _options.UdpBatching, _executor, _logger);
        try
        {
            return (udp, new TcpListener(endpoint, _executor, _options, connections, _logger));
        }
        catch
        {
            udp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Port 0 asks for any port: TCP takes the one UDP got, so both answer on one port. That port
    /// may already be some TCP socket's (an outgoing connection's, say); then another is tried.
    /// </summary>
    private (UdpListener Udp, TcpListener Tcp) BindAnyPort(IPEndPoint endpoint, ConnectionTracker connections)
    {
        for (int attempt = 1; ; attempt++)
        {
            var udp = new UdpListener(endpoint, _options.UdpThreads, _options.UdpBatching, _executor, _logger);
            try
            {
                return (udp, new TcpListener(udp.LocalEndPoint, _executor, _options, connections, _logger));
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        Log.Stopped(_logger);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var tcp in _tcp)
        {
            tcp.Dispose();
        }

        foreach (var udp in _udp)
        {
            udp.Dispose();
        }

        _tcp.Clear();
        _udp.Clear();
    }
}
