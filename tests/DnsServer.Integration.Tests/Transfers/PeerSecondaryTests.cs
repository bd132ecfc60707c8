using System.Diagnostics;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Transfers;

/// <summary>
/// NSD, Knot and BIND as secondaries of our server: the first AXFR, then a zone edit and a
/// reload (SIGHUP) whose NOTIFY makes each fetch the change by IXFR, with and without TSIG.
/// </summary>
[Collection("Transfers")]
public sealed class PeerSecondaryTests(ITestOutputHelper output)
{
    internal static string ZoneText(uint serial, string extra = "") => $"""
        $ORIGIN lab.test.
        $TTL 300
        @ IN SOA ns1 hostmaster {serial} 3600 600 86400 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.1
        {extra}

        """;

    internal static string PrimaryConfig(IPEndPoint secondary, bool tsig) => tsig
        ? $$"""
            {
              "TsigKeys": [ { "Name": "{{TransferPeer.KeyName}}", "Algorithm": "hmac-sha256", "Secret": "{{TransferPeer.KeySecret}}" } ],
              "Transfers": { "Zones": { "lab.test.": { "TransferKeys": [ "xfr-key" ], "Notify": [ "{{secondary}}" ], "NotifyKey": "xfr-key" } } }
            }
            """
        : $$"""
            { "Transfers": { "Zones": { "lab.test.": { "AllowTransfer": [ "127.0.0.0/8" ], "Notify": [ "{{secondary}}" ] } } } }
            """;

    [Theory]
    [InlineData(SecondaryKind.Nsd, false)]
    [InlineData(SecondaryKind.Nsd, true)]
    [InlineData(SecondaryKind.Knot, false)]
    [InlineData(SecondaryKind.Knot, true)]
    [InlineData(SecondaryKind.Bind, false)]
    [InlineData(SecondaryKind.Bind, true)]
    public async Task Secondary_ZoneReloaded_ServesNewSerialByIxfrWithinTwoSeconds(SecondaryKind kind, bool tsig)
    {
        using var zones = new TempDirectory("xfr-primary");
        string zoneFile = zones.Combine("lab.test.zone");
        File.WriteAllText(zoneFile, ZoneText(1));
        var peerEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        using var primary = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = PrimaryConfig(peerEndpoint, tsig) });
        using var peer = TransferPeer.Start(kind, peerEndpoint, primary.Endpoint, tsig);

        var first = await peer.WaitForSerialAsync(1, TimeSpan.FromSeconds(20));
        Assert.True(await primary.WaitForOutputAsync("AXFR of lab.test. serial 1", TimeSpan.FromSeconds(5)), primary.Output);

        File.WriteAllText(zoneFile, ZoneText(2, "new A 192.0.2.2"));
        var clock = Stopwatch.StartNew();
        primary.Signal(ChildProcess.SigHup);
        await peer.WaitForSerialAsync(2, TimeSpan.FromSeconds(10));
        var propagation = clock.Elapsed;

        output.WriteLine($"{kind} tsig={tsig}: first AXFR served after {first.TotalMilliseconds:F0} ms; reload to new serial served in {propagation.TotalMilliseconds:F0} ms");
        Assert.True(await primary.WaitForOutputAsync("IXFR of lab.test. serial 2", TimeSpan.FromSeconds(5)), primary.Output);
        Assert.True(propagation < TimeSpan.FromSeconds(2), $"{kind}: {propagation.TotalMilliseconds:F0} ms\n{primary.Output}\n{peer.Output}");
    }
}
