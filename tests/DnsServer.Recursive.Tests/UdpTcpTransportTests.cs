using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Upstream;

namespace DnsServer.Recursive.Tests;

/// <summary>The real transport against scripted servers on loopback sockets.</summary>
public sealed class UdpTcpTransportTests
{
    private static readonly DnsQuestion Question = new(DnsName.Parse("www.example.test."), RecordType.A);

    private static byte[] Reply(ushort id, DnsQuestion question, string address, bool truncated = false)
    {
        var answer = truncated ? [] : FakeAuthority.Records($"{question.Name} 300 A {address}");
        var message = FakeAuthority.Reply(question, ResponseCode.NoError, aa: true, answer: answer);
        return new DnsMessage
        {
            Id = id,
            Flags = (ushort)(message.Flags | (truncated ? DnsHeader.TCFlag : 0)),
            Questions = message.Questions,
            Answers = message.Answers,
        }.ToArray();
    }

    [Fact]
    public async Task Udp_SpoofedRepliesFirst_IgnoredAndRealReplyAccepted()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var spoofer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        spoofer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var transport = new UdpTcpTransport(new RecursiveOptions(), TimeProvider.System);

        var pending = transport.QueryAsync(new UpstreamQuery((IPEndPoint)server.LocalEndPoint!, Question, TimeSpan.FromSeconds(5)), CancellationToken.None).AsTask();
        var buffer = new byte[1500];
        EndPoint client = new IPEndPoint(IPAddress.Any, 0);
        var received = await server.ReceiveFromAsync(buffer, SocketFlags.None, client);
        var query = DnsMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes));
        ushort id = query.Id;
        await spoofer.SendToAsync(Reply(id, Question, "6.6.6.1"), SocketFlags.None, received.RemoteEndPoint);
        await server.SendToAsync(Reply((ushort)(id + 1), Question, "6.6.6.2"), SocketFlags.None, received.RemoteEndPoint);
        await server.SendToAsync(Reply(id, new DnsQuestion(DnsName.Parse("other.example.test."), RecordType.A), "6.6.6.3"), SocketFlags.None, received.RemoteEndPoint);
        await server.SendToAsync(Reply(id, Question, "192.0.2.1"), SocketFlags.None, received.RemoteEndPoint);
        var reply = await pending;

        Assert.Equal(UpstreamStatus.Reply, reply.Status);
        Assert.Equal("192.0.2.1", ((ARData)Assert.Single(reply.Message!.Answers).Data).Address.ToString());
        Assert.Equal(0, query.Flags & DnsHeader.RDFlag);
        Assert.Equal(UdpTcpTransport.EdnsBufferSize, query.Opt!.UdpPayloadSize);
        Assert.False(query.Opt.DnssecOk);
    }

    [Fact]
    public async Task Udp_NoReply_TimesOut()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var transport = new UdpTcpTransport(new RecursiveOptions(), TimeProvider.System);

        var reply = await transport.QueryAsync(new UpstreamQuery((IPEndPoint)server.LocalEndPoint!, Question, TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.Equal(UpstreamStatus.Timeout, reply.Status);
    }

    [Fact]
    public async Task Udp_Truncated_RetriedOverTcp()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        int port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        var transport = new UdpTcpTransport(new RecursiveOptions(), TimeProvider.System);

        var pending = transport.QueryAsync(new UpstreamQuery(new IPEndPoint(IPAddress.Loopback, port), Question, TimeSpan.FromSeconds(5)), CancellationToken.None).AsTask();
        var buffer = new byte[1500];
        var received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
        ushort udpId = DnsMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes)).Id;
        await udp.SendToAsync(Reply(udpId, Question, "0.0.0.0", truncated: true), SocketFlags.None, received.RemoteEndPoint);

        using var connection = await tcp.AcceptSocketAsync();
        var length = new byte[2];
        await connection.ReceiveAsync(length, SocketFlags.None);
        var request = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        int read = 0;
        while (read < request.Length)
        {
            read += await connection.ReceiveAsync(request.AsMemory(read), SocketFlags.None);
        }

        var answer = Reply(DnsMessage.Parse(request).Id, Question, "192.0.2.7");
        var framed = new byte[answer.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
        answer.CopyTo(framed, 2);
        await connection.SendAsync(framed, SocketFlags.None);
        var reply = await pending;

        Assert.Equal(UpstreamStatus.Reply, reply.Status);
        Assert.Equal("192.0.2.7", ((ARData)Assert.Single(reply.Message!.Answers).Data).Address.ToString());
    }
}
