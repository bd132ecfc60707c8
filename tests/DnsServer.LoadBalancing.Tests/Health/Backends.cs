using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsServer.Protocol;

namespace DnsServer.LoadBalancing.Tests.Health;

/// <summary>A TCP backend on 127.0.0.1 that accepts connections and, when <see cref="Respond"/> is set, answers one HTTP request on each.</summary>
internal sealed class TcpBackend : IDisposable
{
    private TcpListener _listener;
    private CancellationTokenSource _stop = new();

    public TcpBackend()
    {
        _listener = Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public int Port { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    /// <summary>The whole HTTP response written after the request's headers; null: accept and close.</summary>
    public string? Respond { get; set; }

    public static string HttpResponse(int status, string body) =>
        $"HTTP/1.1 {status} X\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public void Stop()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restart()
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        _listener = Listen(Port);
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public void Dispose()
    {
        Stop();
        _listener.Dispose();
        _stop.Dispose();
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                _ = ServeAsync(client, Respond, stop);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task ServeAsync(TcpClient client, string? response, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                if (response is null)
                {
                    return;
                }

                var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[1024];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && request.Length < 8192)
                {
                    int read = await stream.ReadAsync(buffer, stop);
                    if (read == 0)
                    {
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), stop);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }
}

/// <summary>A DNS backend on 127.0.0.1 that answers every query with <see cref="ResponseCode"/> and no records.</summary>
internal sealed class DnsBackend : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    public DnsBackend() => _ = ServeAsync();

    public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public ResponseCode ResponseCode { get; set; }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var query = await _socket.ReceiveAsync(_stop.Token);
                var reply = query.Buffer;
                ushort flags = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(2));
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), (ushort)((flags & 0x7900) | DnsHeader.QRFlag | (ushort)ResponseCode));
                await _socket.SendAsync(reply, query.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
