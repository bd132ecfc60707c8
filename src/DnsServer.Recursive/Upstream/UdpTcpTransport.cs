using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Recursive.Upstream;

/// <summary>
/// Queries upstream servers over UDP, and over TCP when the UDP reply is truncated (RFC 7766 §5).
/// Against spoofing (RFC 5452 §9): each query gets a random ID from the cryptographic generator and
/// its own socket on an ephemeral port the kernel picks at random; a datagram that does not come
/// from the server's address and port, or does not carry our ID and question, is ignored and the
/// wait goes on until the timeout. Queries in flight to one server are bounded.
/// </summary>
internal sealed class UdpTcpTransport(RecursiveOptions options, TimeProvider time) : IUpstreamTransport
{
    /// <summary>DNS Flag Day 2020: the EDNS buffer size that avoids IP fragmentation.</summary>
    public const ushort EdnsBufferSize = 1232;

    private readonly ConcurrentDictionary<IPEndPoint, SemaphoreSlim> _inFlight = new();

    public async ValueTask<UpstreamReply> QueryAsync(UpstreamQuery query, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        var gate = _inFlight.GetOrAdd(query.Server, static (_, max) => new SemaphoreSlim(max, max), options.MaxQueriesPerServer);
        if (!await gate.WaitAsync(query.Timeout, cancellationToken).ConfigureAwait(false))
        {
            return UpstreamReply.TimedOut(time.GetElapsedTime(start));
        }

        using var timeout = new CancellationTokenSource(query.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            ushort id = (ushort)SecureRandom.GetInt32(0, 0x10000);
            var request = BuildQuery(id, query.Question);
            var reply = await QueryUdpAsync(query, id, request, linked.Token).ConfigureAwait(false);
            if ((reply.Flags & DnsHeader.TCFlag) != 0)
            {
                reply = await QueryTcpAsync(query, id, request, linked.Token).ConfigureAwait(false);
            }

            return new UpstreamReply(UpstreamStatus.Reply, reply, time.GetElapsedTime(start));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return UpstreamReply.TimedOut(time.GetElapsedTime(start));
        }
        catch (Exception exception) when (exception is SocketException or IOException or DnsFormatException)
        {
            return new UpstreamReply(UpstreamStatus.Unreachable, null, time.GetElapsedTime(start));
        }
        finally
        {
            gate.Release();
        }
    }

    internal static byte[] BuildQuery(ushort id, DnsQuestion question)
    {
        var message = new DnsMessage
        {
            Id = id,
            Flags = 0,
            Questions = [question],
            Opt = new OptRecord(EdnsBufferSize, 0, 0, 0),
        };
        var buffer = new byte[DnsName.MaxLength + 64];
        return buffer.AsSpan(0, message.WriteTo(buffer)).ToArray();
    }

    /// <summary>True when a reply answers our query: QR set, our ID, our question (names compared without case).</summary>
    internal static bool Matches(ReadOnlySpan<byte> reply, ushort id, DnsQuestion question)
    {
        if (reply.Length < DnsHeader.Size)
        {
            return false;
        }

        var header = DnsHeader.Read(reply);
        if (!header.IsResponse || header.Id != id || header.QuestionCount != 1)
        {
            return false;
        }

        try
        {
            var reader = new DnsMessageReader(reply);
            reader.ReadHeader();
            Span<byte> name = stackalloc byte[DnsName.MaxLength];
            var received = reader.ReadQuestion(name);
            return received.Type == question.Type && received.Class == question.Class
                && name[..received.NameLength].EqualsIgnoreCase(question.Name.Wire);
        }
        catch (DnsFormatException)
        {
            return false;
        }
    }

    private static async Task<DnsMessage> QueryUdpAsync(UpstreamQuery query, ushort id, byte[] request, CancellationToken cancellationToken)
    {
        var server = query.Server;
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        await socket.SendToAsync(request, SocketFlags.None, server, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[ushort.MaxValue];
        EndPoint any = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            var reply = buffer.AsSpan(0, result.ReceivedBytes);
            if (!result.RemoteEndPoint.Equals(server) || !Matches(reply, id, query.Question))
            {
                continue;
            }

            try
            {
                return DnsMessage.Parse(reply);
            }
            catch (DnsFormatException)
            {
                // A malformed datagram that claims to be the reply: keep waiting for a real one.
            }
        }
    }

    private static async Task<DnsMessage> QueryTcpAsync(UpstreamQuery query, ushort id, byte[] request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(query.Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(query.Server, cancellationToken).ConfigureAwait(false);
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None, cancellationToken).ConfigureAwait(false);

        var lengthBytes = new byte[2];
        await ReceiveExactlyAsync(socket, lengthBytes, cancellationToken).ConfigureAwait(false);
        var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthBytes)];
        await ReceiveExactlyAsync(socket, reply, cancellationToken).ConfigureAwait(false);
        if (!Matches(reply, id, query.Question))
        {
            throw new DnsFormatException("the TCP reply does not match the query");
        }

        return DnsMessage.Parse(reply);
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int count = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                throw new IOException("the server closed the connection");
            }

            read += count;
        }
    }
}
