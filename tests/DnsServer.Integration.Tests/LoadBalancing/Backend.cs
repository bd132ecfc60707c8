using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// A backend for health checks on a loopback address: accepts TCP connections and, for HTTP
/// checks, answers each request with the status <see cref="StatusFor"/> gives. Stop and start it
/// to make a member fail and recover.
/// </summary>
internal sealed class Backend : IDisposable
{
    private readonly IPEndPoint _endpoint;
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private int _requests;

    public Backend(IPEndPoint endpoint)
    {
        _endpoint = endpoint;
    }

    /// <summary>The status of the Nth request (counting from 1); 200 unless set.</summary>
    public Func<int, int> StatusFor { get; set; } = _ => 200;

    public int Requests => Volatile.Read(ref _requests);

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(_endpoint);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
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
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                int read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return;
                }

                int status = StatusFor(Interlocked.Increment(ref _requests));
                string body = status < 400 ? "ok" : "failing";
                string response = $"HTTP/1.1 {status} {(status < 400 ? "OK" : "Error")}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }
}
