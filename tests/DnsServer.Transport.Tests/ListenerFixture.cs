using System.Net;
using System.Net.Sockets;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsServer.Transport.Tests;

/// <summary>
/// Listeners on 127.0.0.1 port 0 with a stage that answers every A query with one address, so the
/// tests exercise framing, batching and limits rather than lookups.
/// </summary>
internal sealed class ListenerFixture : IAsyncDisposable
{
    private readonly DnsListenerService _service;

    public ListenerFixture(Action<DnsListenerOptions>? configure = null, IBatchPrefetcher? prefetcher = null)
    {
        var options = new DnsListenerOptions { UdpThreads = 2 };
        options.Endpoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        configure?.Invoke(options);
        var pipeline = new QueryPipelineBuilder()
            .Use(new ValidationStage())
            .Use(new ResponseFinalizerStage())
            .Use(new EchoAddressStage())
            .Build();
        _service = new DnsListenerService(options, pipeline, NullLogger<DnsListenerService>.Instance, prefetcher);
        _service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Endpoint = _service.UdpEndpoints[0];
    }

    public IPEndPoint Endpoint { get; }

    public static byte[] Query(ushort id, string name = "host.test.") =>
        new DnsMessage { Id = id, Questions = [new DnsQuestion(DnsName.Parse(name), RecordType.A)] }.ToArray();

    public async Task<Socket> ConnectTcpAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Endpoint);
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
    }

    /// <summary>Answers A queries with 192.0.2.1, and makes the QNAME "slow." wait, as recursion would.</summary>
    private sealed class EchoAddressStage : IQueryMiddleware
    {
        private static readonly RData[] Address = [new ARData(IPAddress.Parse("192.0.2.1"))];

        public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
        {
            if (context.QNameLower.SequenceEqual("\u0004slow\0"u8))
            {
                return AnswerLaterAsync(context);
            }

            Answer(context);
            return ValueTask.CompletedTask;
        }

        private static async ValueTask AnswerLaterAsync(QueryContext context)
        {
            // Long enough that a loaded machine still answers the other query first.
            await Task.Delay(1000);
            Answer(context);
        }

        private static void Answer(QueryContext context)
        {
            context.Response.SetRcode(ResponseCode.NoError);
            context.Response.Answer.Add(new ResponseRRset(null, RecordType.A, RecordClass.IN, 60, Address));
        }
    }
}

internal static class TcpFraming
{
    public static byte[] Frame(byte[] message) => [(byte)(message.Length >> 8), (byte)message.Length, .. message];

    public static async Task<DnsMessage?> ReadAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var prefix = new byte[2];
        if (!await ReadExactlyAsync(socket, prefix, cancel.Token))
        {
            return null;
        }

        var body = new byte[(prefix[0] << 8) | prefix[1]];
        return await ReadExactlyAsync(socket, body, cancel.Token) ? DnsMessage.Parse(body) : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                // A server that closes with our bytes unread resets the connection: closed all the same.
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
