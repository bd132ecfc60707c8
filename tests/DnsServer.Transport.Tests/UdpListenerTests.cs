using DnsServer.Pipeline;
using System.Net.Sockets;
using DnsServer.Protocol;

namespace DnsServer.Transport.Tests;

/// <summary>Every UDP test runs on the recvmmsg/sendmmsg path and on the portable one.</summary>
public sealed class UdpListenerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Query_OverUdp_AnsweredWithSameId(bool batching)
    {
        await using var listener = new ListenerFixture(options => options.UdpBatching = batching);
        using var client = new UdpClient();
        client.Connect(listener.Endpoint);

        await client.SendAsync(ListenerFixture.Query(0x4242));
        var result = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));

        var response = DnsMessage.Parse(result.Buffer);
        Assert.Equal(0x4242, response.Id);
        Assert.Single(response.Answers);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ManyClients_EachGetsItsOwnAnswers_NothingCrossed(bool batching)
    {
        await using var listener = new ListenerFixture(options => options.UdpBatching = batching);
        var clients = Enumerable.Range(0, 20).Select(async c =>
        {
            using var client = new UdpClient();
            client.Connect(listener.Endpoint);
            var seen = new HashSet<ushort>();
            for (int i = 0; i < 50; i++)
            {
                ushort id = (ushort)((c * 1000) + i);
                await client.SendAsync(ListenerFixture.Query(id, $"c{c}.test."));
                var result = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
                var response = DnsMessage.Parse(result.Buffer);
                Assert.Equal(id, response.Id);
                Assert.Equal($"c{c}.test.", response.Questions[0].Name.ToString());
                seen.Add(response.Id);
            }

            return seen.Count;
        });

        var counts = await Task.WhenAll(clients);

        Assert.All(counts, count => Assert.Equal(50, count));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PendingQuery_DoesNotBlockOthers_AnsweredLater(bool batching)
    {
        await using var listener = new ListenerFixture(options =>
        {
            options.UdpThreads = 1;
            options.UdpBatching = batching;
        });
        using var client = new UdpClient();
        client.Connect(listener.Endpoint);

        await client.SendAsync(ListenerFixture.Query(1, "slow."));
        await client.SendAsync(ListenerFixture.Query(2));
        var first = DnsMessage.Parse((await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer);
        var second = DnsMessage.Parse((await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer);

        Assert.Equal(2, first.Id);
        Assert.Equal(1, second.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GarbageDatagrams_ServerKeepsAnswering(bool batching)
    {
        await using var listener = new ListenerFixture(options => options.UdpBatching = batching);
        using var client = new UdpClient();
        client.Connect(listener.Endpoint);
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(0, 600)];
            random.NextBytes(junk);
            junk[2] &= 0x7F; // QR clear, so a reply may come; drain whatever does.
            await client.SendAsync(junk);
        }

        await client.SendAsync(ListenerFixture.Query(0x0BAD));
        DnsMessage? answer = null;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (answer?.Id != 0x0BAD && DateTime.UtcNow < deadline)
        {
            var result = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
            answer = DnsMessage.Parse(result.Buffer);
        }

        Assert.Equal((ushort?)0x0BAD, answer?.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TruncatedAndOversizedDatagrams_FormErrAndAnswer(bool batching)
    {
        await using var listener = new ListenerFixture(options => options.UdpBatching = batching);
        using var client = new UdpClient();
        client.Connect(listener.Endpoint);
        var query = ListenerFixture.Query(0x0101);

        // Cut inside the question: FORMERR with the same ID.
        await client.SendAsync(query.AsMemory(0, query.Length - 3));
        var cut = DnsMessage.Parse((await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer);

        // 8,000 bytes: an OPT with an 8 KB padding option (RFC 7830) must not be cut by a small buffer.
        byte[] padding = new byte[8000];
        byte[] large = [.. query[..^0], 0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, (byte)((padding.Length + 4) >> 8), (byte)(padding.Length + 4), 0, 12, (byte)(padding.Length >> 8), (byte)padding.Length, .. padding];
        large[11] = 1;
        await client.SendAsync(large);
        var whole = DnsMessage.Parse((await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer);

        Assert.Equal(0x0101, cut.Id);
        Assert.Equal(ResponseCode.FormErr, cut.ResponseCode);
        Assert.Equal(ResponseCode.NoError, whole.ResponseCode);
        Assert.Single(whole.Answers);
        Assert.NotNull(whole.Opt);
    }

    [Fact]
    public void PortTaken_StartFailsWithSocketError()
    {
        using var holder = new UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var taken = (System.Net.IPEndPoint)holder.Client.LocalEndPoint!;

        var exception = Assert.ThrowsAny<SocketException>(() => new ListenerFixture(options =>
        {
            options.Endpoints.Clear();
            options.Endpoints.Add(taken);
        }));

        Assert.Equal(SocketError.AddressAlreadyInUse, exception.SocketErrorCode);
    }

    [Fact]
    public async Task BatchedLoop_PrefetcherCalledBeforeEachQueryWithItsBatch()
    {
        var prefetcher = new RecordingPrefetcher();
        await using var listener = new ListenerFixture(options => options.UdpBatching = true, prefetcher);
        using var client = new UdpClient();
        client.Connect(listener.Endpoint);

        for (ushort id = 1; id <= 20; id++)
        {
            await client.SendAsync(ListenerFixture.Query(id));
            var result = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(id, DnsMessage.Parse(result.Buffer).Id);
            Assert.Contains(id, prefetcher.Seen);
        }

        Assert.All(prefetcher.Calls, call => Assert.InRange(call.Index, 0, call.BatchSize - 1));
        Assert.All(prefetcher.Calls, call => Assert.InRange(call.BatchSize, 1, 32));
    }

    /// <summary>Notes each call, and the ID of the query it was called before.</summary>
    private sealed class RecordingPrefetcher : IBatchPrefetcher
    {
        private readonly Lock _lock = new();

        public List<ushort> Seen { get; } = [];

        public List<(int Index, int BatchSize)> Calls { get; } = [];

        public void Prefetch(ReadOnlySpan<QueryContext> batch, int index)
        {
            var request = batch[index].Request.Span;
            lock (_lock)
            {
                Calls.Add((index, batch.Length));
                Seen.Add((ushort)((request[0] << 8) | request[1]));
            }
        }
    }
}
