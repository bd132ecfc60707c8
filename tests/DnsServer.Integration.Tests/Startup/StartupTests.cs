using System.Net;
using System.Net.Sockets;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Startup;

/// <summary><c>dnsserver serve</c> started as a user starts it: a real process, real sockets, dig.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Serve_SampleZonesFolder_DigGetsTheSampleAnswer()
    {
        string dig = Peers.Require("dig");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = RepositoryPaths.SampleZones });

        var result = PeerProgram.Run(dig, ["@127.0.0.1", "-p", server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "www.example.test", "+tries=1", "+time=2"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("status: NOERROR", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("flags: qr aa", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"www\.example\.test\.\s+3600\s+IN\s+A\s+192\.0\.2\.10", result.StandardOutput);
        Assert.Matches(@"www\.example\.test\.\s+3600\s+IN\s+A\s+192\.0\.2\.11", result.StandardOutput);
    }

    [Fact]
    public async Task Serve_OneBrokenZoneFileBesideAGoodOne_LogsFileAndLineServesTheGoodOneRefusesTheBrokenOne()
    {
        using var zones = new TempDirectory("broken-zones");
        File.WriteAllText(zones.Combine("good.test.zone"), """
            $ORIGIN good.test.
            $TTL 300
            @    SOA ns1 hostmaster 1 3600 900 604800 60
                 NS  ns1
            ns1  A   192.0.2.1
            www  A   192.0.2.80

            """);
        File.WriteAllText(zones.Combine("broken.test.zone"), """
            $ORIGIN broken.test.
            $TTL 300
            @    SOA ns1 hostmaster 1 3600 900 604800 60
                 NS  ns1
            ns1  A   192.0.2.1
            www  A   192.0.2.999

            """);
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path });

        Assert.True(await server.WaitForOutputAsync("broken.test.zone:6", TimeSpan.FromSeconds(5)), $"no file:line for the error in the log:\n{server}");
        var good = await DnsExchange.UdpAsync(server.Endpoint, WireQuery.Build(1, "www.good.test."));
        Assert.NotNull(good);
        Assert.Equal("NOERROR", WireQuery.RcodeName(good));
        Assert.Equal(1, WireQuery.AnswerCount(good));
        var broken = await DnsExchange.UdpAsync(server.Endpoint, WireQuery.Build(2, "ns1.broken.test."));
        Assert.NotNull(broken);
        Assert.Equal("REFUSED", WireQuery.RcodeName(broken));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Serve_PortAlreadyBound_ExitsNonZeroWithAClearMessage(string taken)
    {
        int port = FreePort.Pick(IPAddress.Loopback);
        using var holder = taken == "tcp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, port));
        if (taken == "tcp")
        {
            holder.Listen();
        }

        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = RepositoryPaths.SampleZones, Port = port, WaitUntilAnswering = false });
        int? exitCode = await server.WaitForExitCodeAsync(TimeSpan.FromSeconds(20));

        Assert.True(exitCode is not null, $"the server kept running with {taken} port {port} taken by another socket:\n{server}");
        Assert.NotEqual(0, exitCode);
        Assert.Matches("(?i)already in use", server.StandardError);
        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Sigterm_StopsCleanlyWithExitCodeZero()
    {
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = RepositoryPaths.SampleZones });

        int exitCode = await server.StopAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM:\n{server}");
        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
    }
}
