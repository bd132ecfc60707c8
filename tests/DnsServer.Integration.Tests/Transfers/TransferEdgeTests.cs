using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Tsig;
using DnsServer.Tests.Shared;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Transfers;

/// <summary>Refusals (address, TSIG key, signature, time), a transfer cut mid-stream, and a 100,000-record AXFR.</summary>
[Collection("Transfers")]
public sealed class TransferEdgeTests(ITestOutputHelper output)
{
    private static readonly string KeyOnlyConfig = $$"""
        {
          "TsigKeys": [ { "Name": "xfr-key.", "Algorithm": "hmac-sha256", "Secret": "{{TransferPeer.KeySecret}}" } ],
          "Transfers": { "Zones": { "lab.test.": { "TransferKeys": [ "xfr-key" ] } } }
        }
        """;

    [Fact]
    public async Task Transfer_DnspythonRequests_RefusedOrNotAuthWithTsigErrorAsRfc8945Says()
    {
        using var zones = new TempDirectory("xfr-refuse");
        File.WriteAllText(zones.Combine("lab.test.zone"), PeerSecondaryTests.ZoneText(1));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = KeyOnlyConfig });
        var requests = PeerProgram.Run(Peers.RequirePython(), [Path.Combine(AppContext.BaseDirectory, "Scripts", "tsig_requests.py"), TransferPeer.KeySecret])
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')).ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));

        var unsigned = await FirstReplyAsync(server.Endpoint, requests["unsigned"]);
        Assert.Equal(ResponseCode.Refused, (ResponseCode)(DnsHeader.Read(unsigned).RCode));
        foreach (var (name, error) in new[] { ("badkey", TsigError.BadKey), ("badsig", TsigError.BadSig), ("badtime", TsigError.BadTime) })
        {
            var reply = await FirstReplyAsync(server.Endpoint, requests[name]);
            Assert.Equal(ResponseCode.NotAuth, (ResponseCode)DnsHeader.Read(reply).RCode);
            Assert.True(TsigRecord.TryFind(reply, out var tsig));
            Assert.Equal(error, tsig!.Error);
            Assert.Equal(error == TsigError.BadTime ? 32 : 0, tsig.Mac.Length);
            Assert.Equal(error == TsigError.BadTime ? 6 : 0, tsig.OtherData.Length);
        }

        var good = DnsMessage.Parse(await FirstReplyAsync(server.Endpoint, requests["good"]));
        Assert.Equal(ResponseCode.NoError, good.ResponseCode);
        Assert.Equal(RecordType.SOA, good.Answers[0].Type);
    }

    [Fact]
    public async Task Transfer_OverUdp_AxfrNotImpIxfrUpToDateSoaElseTruncated()
    {
        using var zones = new TempDirectory("xfr-udp");
        File.WriteAllText(zones.Combine("lab.test.zone"), PeerSecondaryTests.ZoneText(5));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = """{ "Transfers": { "AllowTransfer": [ "127.0.0.0/8" ] } }""" });

        var axfr = await DnsExchange.UdpAsync(server.Endpoint, Query(RecordType.AXFR, null));
        var upToDate = DnsMessage.Parse((await DnsExchange.UdpAsync(server.Endpoint, Query(RecordType.IXFR, 5)))!);
        var behind = DnsMessage.Parse((await DnsExchange.UdpAsync(server.Endpoint, Query(RecordType.IXFR, 4)))!);

        Assert.Equal((int)ResponseCode.NotImp, DnsHeader.Read(axfr).RCode);
        Assert.Equal(5u, ((SoaRData)Assert.Single(upToDate.Answers).Data).Serial);
        Assert.True((behind.Flags & DnsHeader.TCFlag) != 0);
        Assert.Empty(behind.Answers);
    }

    [Fact]
    public async Task Secondary_TransferCutMidStream_KeepsOldZone()
    {
        int port = FreePort.Pick(IPAddress.Loopback);
        using var primary = ChildProcess.Start(Peers.RequirePython(), [Path.Combine(AppContext.BaseDirectory, "Scripts", "cut_primary.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)], AppContext.BaseDirectory);
        Assert.True(await primary.WaitForOutputAsync("ready", TimeSpan.FromSeconds(10)), primary.Output);
        using var zones = new TempDirectory("xfr-cut");
        string config = $$"""{ "Transfers": { "Secondaries": { "lab.test.": { "Primaries": [ "127.0.0.1:{{port}}" ], "MaxRefresh": "00:00:01" } } } }""";
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = config });

        Assert.True(await server.WaitForOutputAsync("serial 1 from", TimeSpan.FromSeconds(10)), server.Output);
        Assert.True(await server.WaitForOutputAsync("failed", TimeSpan.FromSeconds(10)), server.Output);

        Assert.Equal(1u, await TransferPeer.QuerySerialAsync(server.Endpoint));
        Assert.DoesNotContain("serial 2 from", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Axfr_HundredThousandRecords_UnderTwoSecondsOnLoopback()
    {
        using var zones = new TempDirectory("xfr-big");
        var text = new StringBuilder(PeerSecondaryTests.ZoneText(1));
        for (int i = 0; i < 100_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"h{i} A 10.{i >> 16}.{(i >> 8) & 255}.{i & 255}\n");
        }

        File.WriteAllText(zones.Combine("lab.test.zone"), text.ToString());
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = """{ "Transfers": { "AllowTransfer": [ "127.0.0.0/8" ] } }""" });

        await TransferAsync(server.Endpoint);
        var clock = Stopwatch.StartNew();
        var (messages, records) = await TransferAsync(server.Endpoint);
        var elapsed = clock.Elapsed;

        output.WriteLine($"AXFR of {records} records in {messages} messages: {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(100_000 + 3 + 2, records);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"{elapsed.TotalMilliseconds:F0} ms");
    }

    private static byte[] Query(RecordType type, uint? serial) => new DnsMessage
    {
        Id = 4321,
        Questions = [new DnsQuestion(DnsName.Parse("lab.test."), type)],
        Authority = serial is { } s ? [new ResourceRecord(DnsName.Parse("lab.test."), RecordClass.IN, 0, new SoaRData(DnsName.Parse("ns1.lab.test."), DnsName.Parse("h.lab.test."), s, 0, 0, 0, 0))] : [],
    }.ToArray();

    private static async Task<byte[]> FirstReplyAsync(IPEndPoint server, byte[] request)
    {
        using var socket = await DnsExchange.ConnectTcpAsync(server);
        await SendAsync(socket, request);
        return await ReadMessageAsync(socket);
    }

    private static async Task<(int Messages, int Records)> TransferAsync(IPEndPoint server)
    {
        using var socket = await DnsExchange.ConnectTcpAsync(server);
        await SendAsync(socket, Query(RecordType.AXFR, null));
        int messages = 0;
        int records = 0;
        int soas = 0;
        while (soas < 2)
        {
            var message = DnsMessage.Parse(await ReadMessageAsync(socket));
            messages++;
            records += message.Answers.Count;
            soas += message.Answers.Count(r => r.Type == RecordType.SOA);
        }

        return (messages, records);
    }

    private static async Task SendAsync(Socket socket, byte[] request)
    {
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None);
    }

    private static async Task<byte[]> ReadMessageAsync(Socket socket)
    {
        var prefix = new byte[2];
        await ReadExactlyAsync(socket, prefix);
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await ReadExactlyAsync(socket, message);
        return message;
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        int filled = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (filled < buffer.Length)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            filled += read;
        }
    }
}
