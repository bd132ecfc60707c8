using System.Net.Sockets;

namespace DnsServer.Transport.Tests;

public sealed class TcpListenerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PipelinedQueries_AllAnswered()
    {
        await using var listener = new ListenerFixture();
        using var socket = await listener.ConnectTcpAsync();
        var batch = Enumerable.Range(1, 20).SelectMany(i => TcpFraming.Frame(ListenerFixture.Query((ushort)i))).ToArray();

        await socket.SendAsync(batch);
        var ids = new HashSet<ushort>();
        for (int i = 0; i < 20; i++)
        {
            ids.Add((await TcpFraming.ReadAsync(socket, Timeout))!.Id);
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ushort)i).ToHashSet(), ids);
    }

    [Fact]
    public async Task SlowQuery_LaterQueriesAnsweredFirst()
    {
        await using var listener = new ListenerFixture();
        using var socket = await listener.ConnectTcpAsync();

        byte[] both = [.. TcpFraming.Frame(ListenerFixture.Query(1, "slow.")), .. TcpFraming.Frame(ListenerFixture.Query(2))];
        await socket.SendAsync(both);
        var first = await TcpFraming.ReadAsync(socket, Timeout);
        var second = await TcpFraming.ReadAsync(socket, Timeout);

        Assert.Equal(2, first!.Id);
        Assert.Equal(1, second!.Id);
    }

    [Fact]
    public async Task EveryPrefixSplit_MessageReassembled()
    {
        await using var listener = new ListenerFixture();
        var framed = TcpFraming.Frame(ListenerFixture.Query(9));
        for (int split = 1; split < framed.Length; split++)
        {
            using var socket = await listener.ConnectTcpAsync();
            await socket.SendAsync(framed.AsMemory(0, split));
            await Task.Delay(5);
            await socket.SendAsync(framed.AsMemory(split));

            Assert.Equal(9, (await TcpFraming.ReadAsync(socket, Timeout))!.Id);
        }
    }

    [Fact]
    public async Task MessageLargerThanFirstReadBuffer_Answered()
    {
        await using var listener = new ListenerFixture();
        using var socket = await listener.ConnectTcpAsync();
        var query = ListenerFixture.Query(0x0202);
        byte[] padding = new byte[20000];
        byte[] large = [.. query, 0, 0, 41, 0x10, 0x00, 0, 0, 0, 0, (byte)((padding.Length + 4) >> 8), (byte)(padding.Length + 4), 0, 12, (byte)(padding.Length >> 8), (byte)padding.Length, .. padding];
        large[11] = 1;

        await socket.SendAsync(TcpFraming.Frame(large));
        await socket.SendAsync(TcpFraming.Frame(ListenerFixture.Query(0x0203)));

        Assert.Equal(0x0202, (await TcpFraming.ReadAsync(socket, Timeout))!.Id);
        Assert.Equal(0x0203, (await TcpFraming.ReadAsync(socket, Timeout))!.Id);
    }

    [Fact]
    public async Task TricklingClient_ClosedByIdleTimeout()
    {
        await using var listener = new ListenerFixture(options => options.TcpIdleTimeout = TimeSpan.FromMilliseconds(500));
        using var socket = await listener.ConnectTcpAsync();
        var framed = TcpFraming.Frame(ListenerFixture.Query(3));

        // One byte every 200 ms never completes a query within the idle window.
        bool closed = false;
        for (int i = 0; i < framed.Length - 1 && !closed; i++)
        {
            try
            {
                await socket.SendAsync(framed.AsMemory(i, 1));
                await Task.Delay(200);
            }
            catch (SocketException)
            {
                closed = true;
            }
        }

        var buffer = new byte[2];
        closed = closed || await socket.ReceiveAsync(buffer).WaitAsync(Timeout) == 0;
        Assert.True(closed);
    }

    [Fact]
    public async Task ZeroLengthMessage_ConnectionClosed()
    {
        await using var listener = new ListenerFixture();
        using var socket = await listener.ConnectTcpAsync();

        await socket.SendAsync(new byte[] { 0, 0 });

        Assert.Null(await TcpFraming.ReadAsync(socket, Timeout));
    }

    [Fact]
    public async Task ConnectionsOverCap_Refused()
    {
        await using var listener = new ListenerFixture(options => options.MaxTcpConnections = 2);
        using var first = await listener.ConnectTcpAsync();
        using var second = await listener.ConnectTcpAsync();
        await first.SendAsync(TcpFraming.Frame(ListenerFixture.Query(1)));
        Assert.NotNull(await TcpFraming.ReadAsync(first, Timeout));

        using var third = await listener.ConnectTcpAsync();
        await third.SendAsync(TcpFraming.Frame(ListenerFixture.Query(3)));

        Assert.Null(await TcpFraming.ReadAsync(third, Timeout));
        await second.SendAsync(TcpFraming.Frame(ListenerFixture.Query(2)));
        Assert.Equal(2, (await TcpFraming.ReadAsync(second, Timeout))!.Id);
    }

    [Fact]
    public async Task ClientClosesAbruptly_ServerKeepsServing()
    {
        await using var listener = new ListenerFixture();
        for (int i = 0; i < 20; i++)
        {
            var socket = await listener.ConnectTcpAsync();
            await socket.SendAsync(TcpFraming.Frame(ListenerFixture.Query(1))[..5]);
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        }

        using var healthy = await listener.ConnectTcpAsync();
        await healthy.SendAsync(TcpFraming.Frame(ListenerFixture.Query(77)));

        Assert.Equal(77, (await TcpFraming.ReadAsync(healthy, Timeout))!.Id);
    }
}
