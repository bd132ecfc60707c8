using System.Net;
using System.Net.Sockets;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Tcp;

/// <summary>RFC 7766 behaviour of our TCP listener, checked on the same socket-level terms against NSD and Knot.</summary>
[Collection(LoopbackServersCollection.Name)]
public sealed class TcpBehaviourTests(LoopbackServers servers)
{
    public static TheoryData<string> Servers => ["ours", "nsd", "knot"];

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task PipelinedQueries_OneConnection_AllAnsweredMatchedById(string server)
    {
        var endpoint = Endpoint(server);
        string[] names = ["www.example.test.", "mail.example.test.", "a1.diff.test.", "nothing.diff.test.", "manya.diff.test.", "hugetxt.diff.test."];
        var queries = Enumerable.Range(0, 30).Select(i => WireQuery.Build((ushort)(0x1000 + i), names[i % names.Length], i % names.Length == 5 ? (ushort)16 : WireQuery.TypeA)).ToList();
        using var socket = await DnsExchange.ConnectTcpAsync(endpoint);
        await socket.SendAsync(queries.SelectMany(DnsExchange.Frame).ToArray(), SocketFlags.None);

        var answered = new HashSet<ushort>();
        for (int i = 0; i < queries.Count; i++)
        {
            var response = await DnsExchange.ReadFramedAsync(socket, TimeSpan.FromSeconds(3));
            Assert.True(response is not null, $"{server}: {answered.Count} of {queries.Count} pipelined queries answered");
            Assert.False(WireQuery.IsTruncated(response), "TC over TCP");
            answered.Add(WireQuery.Id(response));
        }

        Assert.Equal(queries.Select(q => WireQuery.Id(q)).ToHashSet(), answered);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task LengthPrefix_SplitAcrossTwoWrites_Answered(string server)
    {
        var framed = DnsExchange.Frame(WireQuery.Build(0x2001, "www.example.test."));
        using var socket = await DnsExchange.ConnectTcpAsync(Endpoint(server));
        await socket.SendAsync(framed.AsMemory(0, 1), SocketFlags.None);
        await Task.Delay(150);
        await socket.SendAsync(framed.AsMemory(1), SocketFlags.None);
        var response = await DnsExchange.ReadFramedAsync(socket, TimeSpan.FromSeconds(3));
        Assert.True(response is not null, $"{server} did not answer a query whose length prefix came in two writes");
        Assert.Equal(0x2001, WireQuery.Id(response));
    }

    [Fact]
    public async Task ManyConnections_AtOnce_AllAnsweredAndNoneLeftInCloseWait()
    {
        var endpoint = servers.Ours.Endpoint;
        var clients = Enumerable.Range(0, 200).Select(async i =>
        {
            using var socket = await DnsExchange.ConnectTcpAsync(endpoint);
            await socket.SendAsync(DnsExchange.Frame(WireQuery.Build((ushort)i, "www.example.test.")), SocketFlags.None);
            var response = await DnsExchange.ReadFramedAsync(socket, TimeSpan.FromSeconds(10));
            return response is not null && WireQuery.Id(response) == (ushort)i;
        });
        var results = await Task.WhenAll(clients);
        Assert.Equal(200, results.Count(answered => answered));

        // Clients that leave in other ways: without sending, after half a message, half-closed after a query.
        var rude = Enumerable.Range(0, 60).Select(async i =>
        {
            using var socket = await DnsExchange.ConnectTcpAsync(endpoint);
            var framed = DnsExchange.Frame(WireQuery.Build((ushort)i, "www.example.test."));
            switch (i % 3)
            {
                case 1:
                    await socket.SendAsync(framed.AsMemory(0, 7), SocketFlags.None);
                    break;
                case 2:
                    await socket.SendAsync(framed, SocketFlags.None);
                    socket.Shutdown(SocketShutdown.Send);
                    await DnsExchange.WaitForCloseAsync(socket, TimeSpan.FromSeconds(3));
                    break;
            }
        });
        await Task.WhenAll(rude);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int closeWait;
        while ((closeWait = CloseWaitSockets(endpoint)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(closeWait == 0, $"{closeWait} server sockets on {endpoint} still in CLOSE-WAIT 5 s after their clients closed");
        Assert.False(servers.Ours.HasExited);
    }

    private IPEndPoint Endpoint(string server) => servers.All.Single(s => s.Name == server).Endpoint;

    /// <summary>Sockets whose local end is the server's endpoint in state CLOSE_WAIT (08), from /proc/net/tcp.</summary>
    private static int CloseWaitSockets(IPEndPoint server)
    {
        var bytes = server.Address.GetAddressBytes();
        string local = $"{BitConverter.ToUInt32(bytes):X8}:{server.Port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => string.Equals(fields[1], local, StringComparison.OrdinalIgnoreCase) && fields[3] == "08");
    }
}
