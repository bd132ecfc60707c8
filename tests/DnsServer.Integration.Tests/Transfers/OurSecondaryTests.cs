using System.Diagnostics;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Protocol;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Transfers;

/// <summary>
/// Our server as a secondary of Knot and of BIND: the first AXFR, an IXFR after a change on the
/// primary that its NOTIFY announces, the copy kept on disk, and SERVFAIL once the primary has
/// been gone past the expire interval (shortened with the documented test settings); the same with
/// TSIG (<c>xfr-key.</c>, hmac-sha256) required by the primary, and a primary whose secret differs.
/// </summary>
[Collection("Transfers")]
public sealed class OurSecondaryTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SecondaryKind.Knot)]
    [InlineData(SecondaryKind.Bind)]
    public async Task Secondary_PrimaryChangesAndNotifies_IxfrWithinTwoSeconds(SecondaryKind kind)
    {
        using var zones = new TempDirectory("xfr-ours");
        var ourEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        using var primary = PrimaryPeer.Start(kind, ourEndpoint, PeerSecondaryTests.ZoneText(1));
        await WaitForSerialAsync(primary.Endpoint, 1, primary.Output);
        string config = $$"""{ "Transfers": { "Secondaries": { "lab.test.": { "Primaries": [ "{{primary.Endpoint}}" ] } } } }""";
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, Port = ourEndpoint.Port, ConfigJson = config });

        await WaitForSerialAsync(server.Endpoint, 1, server.Output);
        Assert.Contains("by AXFR", server.Output, StringComparison.Ordinal);
        string copy = Path.Combine(server.DataDirectory, "secondary", "lab.test.zone");
        for (int i = 0; i < 100 && !File.Exists(copy); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(copy), "the copy on disk");

        await ChangeArrivesByNotifiedIxfrAsync(primary, server, $"{kind} primary");
    }

    [Theory]
    [InlineData(SecondaryKind.Knot)]
    [InlineData(SecondaryKind.Bind)]
    public async Task Secondary_TsigPrimaryChangesAndNotifies_SignedIxfrWithinTwoSeconds(SecondaryKind kind)
    {
        using var zones = new TempDirectory("xfr-ours-tsig");
        var ourEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        using var primary = PrimaryPeer.Start(kind, ourEndpoint, PeerSecondaryTests.ZoneText(1), TransferPeer.KeySecret);
        await WaitForSerialAsync(primary.Endpoint, 1, primary.Output);
        var started = Stopwatch.StartNew();
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, Port = ourEndpoint.Port, ConfigJson = TsigConfig(primary.Endpoint) });

        await WaitForSerialAsync(server.Endpoint, 1, server.Output + primary.Output);
        output.WriteLine($"{kind} primary with TSIG: start to our secondary serving serial 1 in {started.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("by AXFR", server.Output, StringComparison.Ordinal);

        await ChangeArrivesByNotifiedIxfrAsync(primary, server, $"{kind} primary with TSIG");
        Assert.DoesNotContain("failed", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecondaryKind.Knot)]
    [InlineData(SecondaryKind.Bind)]
    public async Task Secondary_PrimaryKeySecretDiffers_NothingServedAndTsigErrorLogged(SecondaryKind kind)
    {
        using var zones = new TempDirectory("xfr-ours-badkey");
        var ourEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        using var primary = PrimaryPeer.Start(kind, ourEndpoint, PeerSecondaryTests.ZoneText(1), OtherSecret);
        await WaitForSerialAsync(primary.Endpoint, 1, primary.Output);
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, Port = ourEndpoint.Port, ConfigJson = TsigConfig(primary.Endpoint) });

        Assert.True(await server.WaitForOutputAsync("TSIG", TimeSpan.FromSeconds(10)), server.Output + primary.Output);
        output.WriteLine(server.Output);

        Assert.Contains("refresh from " + primary.Endpoint + " failed: TSIG of the reply: BadSig", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("by AXFR", server.Output, StringComparison.Ordinal);
        Assert.Null(await TransferPeer.QuerySerialAsync(server.Endpoint));
    }

    [Theory]
    [InlineData(SecondaryKind.Knot)]
    [InlineData(SecondaryKind.Bind)]
    public async Task Secondary_PrimaryGonePastExpire_ServFail(SecondaryKind kind)
    {
        using var zones = new TempDirectory("xfr-expire");
        var ourEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        var primary = PrimaryPeer.Start(kind, ourEndpoint, PeerSecondaryTests.ZoneText(1));
        await WaitForSerialAsync(primary.Endpoint, 1, primary.Output);
        string config = $$"""{ "Transfers": { "Secondaries": { "lab.test.": { "Primaries": [ "{{primary.Endpoint}}" ], "MaxRefresh": "00:00:01", "ExpireOverride": "00:00:03" } } } }""";
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, Port = ourEndpoint.Port, ConfigJson = config });
        await WaitForSerialAsync(server.Endpoint, 1, server.Output);

        primary.Dispose();
        Assert.True(await server.WaitForOutputAsync("expired", TimeSpan.FromSeconds(10)), server.Output);
        var reply = await DnsExchange.UdpAsync(server.Endpoint, new DnsMessage { Id = 5, Questions = [new DnsQuestion(DnsName.Parse("www.lab.test."), RecordType.A)] }.ToArray());

        Assert.Equal((int)ResponseCode.ServFail, DnsHeader.Read(reply).RCode);
    }

    /// <summary>A secret other than <see cref="TransferPeer.KeySecret"/>, same length.</summary>
    private const string OtherSecret = "HxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRo=";

    private static string TsigConfig(IPEndPoint primary) => $$"""
        {
          "TsigKeys": [ { "Name": "{{TransferPeer.KeyName}}", "Algorithm": "hmac-sha256", "Secret": "{{TransferPeer.KeySecret}}" } ],
          "Transfers": { "Secondaries": { "lab.test.": { "Primaries": [ "{{primary}}" ], "Key": "{{TransferPeer.KeyName}}" } } }
        }
        """;

    /// <summary>
    /// The primary adds a record and moves to serial 2; our secondary must serve it within 2 s, having
    /// heard a NOTIFY and fetched the change by IXFR. Prints the time taken.
    /// </summary>
    private async Task ChangeArrivesByNotifiedIxfrAsync(PrimaryPeer primary, ServerProcess server, string label)
    {
        var clock = Stopwatch.StartNew();
        primary.AddRecordAndBumpSerial(PeerSecondaryTests.ZoneText(2, "new A 192.0.2.2"));
        await WaitForSerialAsync(server.Endpoint, 2, server.Output + primary.Output);
        var propagation = clock.Elapsed;

        output.WriteLine($"{label}: reload to our secondary serving the new serial in {propagation.TotalMilliseconds:F0} ms");
        Assert.True(await server.WaitForOutputAsync("by IXFR", TimeSpan.FromSeconds(2)), server.Output);
        Assert.Contains("NOTIFY for secondary zone lab.test.", server.Output, StringComparison.Ordinal);
        Assert.True(propagation < TimeSpan.FromSeconds(2), $"{propagation.TotalMilliseconds:F0} ms");
    }

    private static async Task WaitForSerialAsync(IPEndPoint server, uint serial, string context)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await TransferPeer.QuerySerialAsync(server) == serial)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{server} did not serve serial {serial}:\n{context}");
    }
}
