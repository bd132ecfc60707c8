using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DnsServer.Experiments;

/// <summary>
/// A backend the experiment runs for the health checks to reach: a listener on a loopback
/// address that accepts connections (Tcp) or answers each request with 200 (Http). Stopping it
/// closes the listener, so checks get a refused connection at once.
/// </summary>
internal sealed class BackendHost : IDisposable
{
    private static readonly byte[] OkResponse = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    private readonly bool _http;
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public BackendHost(IPEndPoint endpoint, bool http)
    {
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ExperimentException($"backend {endpoint}: the tool runs backends on loopback addresses only");
        }

        Endpoint = endpoint;
        _http = http;
    }

    public IPEndPoint Endpoint { get; }

    public bool IsRunning => _listener is not null;

    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }

        var listener = new TcpListener(Endpoint);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            listener.Start();
        }
        catch (SocketException exception)
        {
            throw new ExperimentException($"backend {Endpoint}: cannot listen: {exception.Message}");
        }

        _stop = new CancellationTokenSource();
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
        _stop?.Dispose();
        _stop = null;
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            if (!_http)
            {
                return;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                var stream = client.GetStream();
                var buffer = new byte[4096];
                if (await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false) > 0)
                {
                    await stream.WriteAsync(OkResponse, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
