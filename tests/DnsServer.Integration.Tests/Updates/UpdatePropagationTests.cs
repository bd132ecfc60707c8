using System.Diagnostics;
using System.Net;
using System.Text;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Integration.Tests.Transfers;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Updates;

/// <summary>
/// NSD, Knot and BIND as secondaries of our server: a dynamic update sent with nsupdate (which
/// moves the file zone into the database), then a change through the API, each followed by the
/// NOTIFY that makes every secondary fetch it.
/// </summary>
[Collection("Transfers")]
public sealed class UpdatePropagationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(SecondaryKind.Nsd)]
    [InlineData(SecondaryKind.Knot)]
    [InlineData(SecondaryKind.Bind)]
    public async Task Secondary_AfterUpdateAndApiChange_ServesNewSerialWithinTwoSeconds(SecondaryKind kind)
    {
        using var zones = new TempDirectory("upd-primary");
        File.WriteAllText(zones.Combine("lab.test.zone"), UpdateTools.ZoneText(1));
        var peerEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        using var primary = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = UpdateTools.Config("\"127.0.0.1/32\"", peerEndpoint) });
        using var peer = TransferPeer.Start(kind, peerEndpoint, primary.Endpoint, tsig: false);
        using var api = await UpdateTools.ApiClientAsync(primary);
        await peer.WaitForSerialAsync(1, TimeSpan.FromSeconds(20));

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, UpdateTools.Nsupdate("nsupdate", primary.Endpoint, tsig: false, "update add dyn.lab.test. 60 A 192.0.2.30").ExitCode);
        await peer.WaitForSerialAsync(2, TimeSpan.FromSeconds(10));
        var afterUpdate = clock.Elapsed;

        clock.Restart();
        var added = await api.PostAsync("/api/zones/lab.test./records", new StringContent("""{"name": "api.lab.test.", "type": "A", "ttl": 60, "data": "192.0.2.31"}""", Encoding.UTF8, "application/json"));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        uint serial = (await TransferPeer.QuerySerialAsync(primary.Endpoint))!.Value;
        await peer.WaitForSerialAsync(serial, TimeSpan.FromSeconds(10));
        var afterApi = clock.Elapsed;

        output.WriteLine($"{kind}: nsupdate to serial 2 served in {afterUpdate.TotalMilliseconds:F0} ms; API change to serial {serial} served in {afterApi.TotalMilliseconds:F0} ms");
        Assert.True(await primary.WaitForOutputAsync($"IXFR of lab.test. serial {serial}", TimeSpan.FromSeconds(5)), primary.Output);
        Assert.True(afterUpdate < TimeSpan.FromSeconds(2), $"{kind} after update: {afterUpdate.TotalMilliseconds:F0} ms\n{primary.Output}\n{peer.Output}");
        Assert.True(afterApi < TimeSpan.FromSeconds(2), $"{kind} after API: {afterApi.TotalMilliseconds:F0} ms\n{primary.Output}\n{peer.Output}");
    }
}
