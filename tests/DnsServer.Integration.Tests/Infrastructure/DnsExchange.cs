using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>Sends raw packets over UDP and TCP and waits for the answer, or for silence.</summary>
internal static class DnsExchange
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The response datagram, or null when none arrived in time.</summary>
    public static async Task<byte[]?> UdpAsync(IPEndPoint server, byte[] packet, TimeSpan? timeout = null)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        await socket.SendAsync(packet, SocketFlags.None);
        var buffer = new byte[65535];
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return buffer[..received];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            // ICMP port unreachable: nobody listens.
            return null;
        }
    }

    public static async Task<Socket> ConnectTcpAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return socket;
    }

    /// <summary>Length-prefixes a message (RFC 1035 §4.2.2).</summary>
    public static byte[] Frame(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    /// <summary>Reads one length-prefixed message; null when the server closed or nothing came in time.</summary>
    public static async Task<byte[]?> ReadFramedAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            var prefix = new byte[2];
            if (!await ReadExactlyAsync(socket, prefix, cancel.Token))
            {
                return null;
            }

            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            return await ReadExactlyAsync(socket, message, cancel.Token) ? message : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>One query over a fresh TCP connection.</summary>
    public static async Task<byte[]?> TcpAsync(IPEndPoint server, byte[] message, TimeSpan? timeout = null)
    {
        using var socket = await ConnectTcpAsync(server);
        await socket.SendAsync(Frame(message), SocketFlags.None);
        return await ReadFramedAsync(socket, timeout);
    }

    /// <summary>
    /// Waits until the peer closes the connection (read returns 0 or the connection resets).
    /// Returns the time it took, or null when it was still open at <paramref name="limit"/>.
    /// Any bytes the peer sends meanwhile are read and dropped.
    /// </summary>
    public static async Task<TimeSpan?> WaitForCloseAsync(Socket socket, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token) > 0)
            {
            }

            return started.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return started.Elapsed;
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
