using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsServer.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.BadInput;

/// <summary>
/// Malformed queries over UDP and TCP to our server, NSD and Knot (docs/conformance.md, bad-input
/// table). Ours must answer what a peer answers, or stay silent; after each, a normal query is
/// still answered.
/// </summary>
[Collection(LoopbackServersCollection.Name)]
public sealed class BadInputTests(LoopbackServers servers, ITestOutputHelper output)
{
    private const string Silence = "silence";
    private static readonly TimeSpan SilenceWait = TimeSpan.FromMilliseconds(600);

    public static TheoryData<string> UdpPackets => [.. MalformedPackets.All.Keys];

    public static TheoryData<string> TcpPackets =>
    [
        "QDCOUNT 0", "QDCOUNT 2", "label longer than 63", "compression pointer to itself",
        "trailing bytes after the question", "QR=1 (a response)", "opcode 3 (unassigned)", "EDNS version 1",
    ];

    [Theory]
    [MemberData(nameof(UdpPackets))]
    public async Task MalformedDatagram_SentToEachServer_AnsweredLikeAPeerOrIgnored(string name)
    {
        var packet = MalformedPackets.All[name];
        var outcomes = await Task.WhenAll(servers.All.Select(server => UdpOutcomeAsync(server.Endpoint, packet)));
        Report(name, "udp", outcomes);
        AssertOursLikeAPeer(outcomes);
        await AssertStillAnsweringAsync();
    }

    [Theory]
    [MemberData(nameof(TcpPackets))]
    public async Task MalformedMessageOverTcp_SentToEachServer_AnsweredLikeAPeerOrClosed(string name)
    {
        var packet = MalformedPackets.All[name];
        var outcomes = await Task.WhenAll(servers.All.Select(server => TcpOutcomeAsync(server.Endpoint, DnsExchange.Frame(packet))));
        Report(name, "tcp", outcomes);
        AssertOursLikeAPeer(outcomes);
        await AssertStillAnsweringAsync();
    }

    [Fact]
    public async Task TcpLengthPrefix_LongerThanWhatFollowsThenClose_ClosedWithoutAnswer()
    {
        var query = MalformedPackets.Valid;
        byte[] partial = [0, (byte)(query.Length + 20), .. query];
        var outcomes = await Task.WhenAll(servers.All.Select(async server =>
        {
            using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
            await socket.SendAsync(partial, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            var closed = await DnsExchange.WaitForCloseAsync(socket, TimeSpan.FromSeconds(4));
            return closed is null ? "open after 4 s" : "closed, no answer";
        }));
        Report("length prefix larger than what follows, then FIN", "tcp", outcomes);
        Assert.Equal("closed, no answer", outcomes[0]);
        await AssertStillAnsweringAsync();
    }

    [Fact]
    public async Task TcpZeroLengthMessage_SentToEachServer_ClosedLikeThePeers()
    {
        var outcomes = await Task.WhenAll(servers.All.Select(server => TcpOutcomeAsync(server.Endpoint, [0, 0])));
        Report("zero-length message", "tcp", outcomes);
        AssertOursLikeAPeer(outcomes);
        await AssertStillAnsweringAsync();
    }

    /// <summary>A client that sends a query one byte a second is closed by the idle timeout (Tcp:IdleTimeout, 2 s here).</summary>
    [Fact]
    public async Task TcpClient_SendingOneByteASecond_ClosedByIdleTimeout()
    {
        var framed = DnsExchange.Frame(MalformedPackets.Valid);
        var outcomes = await Task.WhenAll(servers.All.Select(async server =>
        {
            using var socket = await DnsExchange.ConnectTcpAsync(server.Endpoint);
            var started = Stopwatch.StartNew();
            var closed = DnsExchange.WaitForCloseAsync(socket, TimeSpan.FromSeconds(8));
            for (int i = 0; i < framed.Length && !closed.IsCompleted; i++)
            {
                try
                {
                    await socket.SendAsync(framed.AsMemory(i, 1), SocketFlags.None);
                }
                catch (SocketException)
                {
                    break;
                }

                await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(1)));
            }

            var after = await closed;
            return after is null ? "open after 8 s" : $"closed after {Math.Round(started.Elapsed.TotalSeconds)} s";
        }));
        Report("one byte a second", "tcp", outcomes);
        Assert.StartsWith("closed", outcomes[0], StringComparison.Ordinal);
        var limit = LoopbackServers.OurTcpIdleTimeout + TimeSpan.FromSeconds(2);
        Assert.True(double.Parse(outcomes[0].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture) <= limit.TotalSeconds, outcomes[0]);
        await AssertStillAnsweringAsync();
    }

    private static async Task<string> UdpOutcomeAsync(IPEndPoint server, byte[] packet)
    {
        var response = await DnsExchange.UdpAsync(server, packet, SilenceWait);
        return Describe(response);
    }

    /// <summary>The rcode or silence, and whether the connection was closed or still answers a good query.</summary>
    private static async Task<string> TcpOutcomeAsync(IPEndPoint server, byte[] framed)
    {
        using var socket = await DnsExchange.ConnectTcpAsync(server);
        await socket.SendAsync(framed, SocketFlags.None);
        var response = await DnsExchange.ReadFramedAsync(socket, SilenceWait);
        string answer = response is null ? Silence : Describe(response);
        try
        {
            await socket.SendAsync(DnsExchange.Frame(MalformedPackets.Valid), SocketFlags.None);
            var next = await DnsExchange.ReadFramedAsync(socket, SilenceWait);
            return answer + (next is null ? ", then closed" : ", connection kept");
        }
        catch (SocketException)
        {
            return answer + ", then closed";
        }
    }

    private static string Describe(byte[]? response)
    {
        if (response is null)
        {
            return Silence;
        }

        if (response.Length < 12)
        {
            return $"{response.Length}-byte reply";
        }

        string id = WireQuery.Id(response) == MalformedPackets.Id ? "" : $" (ID {WireQuery.Id(response):X4})";
        return WireQuery.RcodeName(response) + id;
    }

    /// <summary>Ours gives a peer's rcode, or silence; what happens to a TCP connection afterwards is recorded, not compared.</summary>
    private static void AssertOursLikeAPeer(string[] outcomes)
    {
        static string Rcode(string outcome) => outcome.Split(',')[0];
        string ours = Rcode(outcomes[0]);
        Assert.True(
            ours == Silence || outcomes.Skip(1).Select(Rcode).Contains(ours),
            $"ours: {ours}; nsd: {outcomes[1]}; knot: {outcomes[2]}");
    }

    private async Task AssertStillAnsweringAsync()
    {
        var response = await DnsExchange.UdpAsync(servers.Ours.Endpoint, WireQuery.Build(0x600D, "www.example.test."));
        Assert.True(response is not null && WireQuery.RcodeName(response) == "NOERROR", $"no answer to a good query after the bad one:\n{servers.Ours}");
    }

    private void Report(string name, string transport, string[] outcomes) =>
        output.WriteLine($"| {name} | {transport} | {outcomes[0]} | {outcomes[1]} | {outcomes[2]} |");
}
