using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Integration.Tests.Transfers;
using DnsServer.Protocol;
using DnsServer.Protocol.Tsig;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Updates;

/// <summary>
/// RFC 2136 updates from nsupdate (BIND), knsupdate (Knot) and dnspython: adds, deletes,
/// prerequisites, refusals by address and by TSIG, atomicity, and durability across kill -9 with
/// the IXFR journal read back.
/// </summary>
[Collection("Transfers")]
public sealed class DynamicUpdateTests
{
    [Theory]
    [InlineData("nsupdate")]
    [InlineData("knsupdate")]
    public async Task Update_FromPeerTool_AddsDeletesAndAnswersPrerequisiteRcodes(string tool)
    {
        using var zones = new TempDirectory("upd-tool");
        File.WriteAllText(zones.Combine("lab.test.zone"), UpdateTools.ZoneText(1));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = UpdateTools.Config("\"127.0.0.1/32\"") });
        var at = server.Endpoint;

        var unsigned = UpdateTools.Nsupdate(tool, at, tsig: false, "update add plain.lab.test. 60 A 192.0.2.10");
        var signed = UpdateTools.Nsupdate(tool, at, tsig: true, "update add signed.lab.test. 60 A 192.0.2.11", "update delete www.lab.test. A");
        var nxrrset = UpdateTools.Nsupdate(tool, at, tsig: true, "prereq yxrrset nope.lab.test. A", "update add never.lab.test. 60 A 192.0.2.12");
        var yxdomain = UpdateTools.Nsupdate(tool, at, tsig: false, "prereq nxdomain plain.lab.test.", "update add never.lab.test. 60 A 192.0.2.12");
        var nxdomain = UpdateTools.Nsupdate(tool, at, tsig: false, "prereq yxdomain nope.lab.test.", "update add never.lab.test. 60 A 192.0.2.12");
        var refused = UpdateTools.Nsupdate(tool, at, tsig: false, "local 127.0.0.2", "update add never.lab.test. 60 A 192.0.2.12");

        Assert.Equal(0, unsigned.ExitCode);
        Assert.Equal(0, signed.ExitCode);
        Assert.Equal("192.0.2.10", UpdateTools.Dig(at, "plain.lab.test", "A", "+short"));
        Assert.Equal("192.0.2.11", UpdateTools.Dig(at, "signed.lab.test", "A", "+short"));
        Assert.Equal("", UpdateTools.Dig(at, "www.lab.test", "A", "+short"));
        Assert.Contains("NXRRSET", nxrrset.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("YXDOMAIN", yxdomain.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("NXDOMAIN", nxdomain.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("REFUSED", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", UpdateTools.Dig(at, "never.lab.test", "A", "+short"));
        Assert.Equal(3u, await TransferPeer.QuerySerialAsync(at));
    }

    [Fact]
    public async Task Update_DnspythonRequests_RefusedOrNotAuthWithTsigErrorAndAtomic()
    {
        using var zones = new TempDirectory("upd-refuse");
        File.WriteAllText(zones.Combine("lab.test.zone"), UpdateTools.ZoneText(1));
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = UpdateTools.Config("") });
        var requests = PeerProgram.Run(Peers.RequirePython(), [Path.Combine(AppContext.BaseDirectory, "Scripts", "update_requests.py"), UpdateTools.KeySecret])
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')).ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));

        var unsigned = (await DnsExchange.UdpAsync(server.Endpoint, requests["unsigned"]))!;
        Assert.Equal(ResponseCode.Refused, (ResponseCode)DnsHeader.Read(unsigned).RCode);
        foreach (var (name, error) in new[] { ("badkey", TsigError.BadKey), ("badsig", TsigError.BadSig), ("badtime", TsigError.BadTime) })
        {
            var reply = (await DnsExchange.UdpAsync(server.Endpoint, requests[name]))!;
            Assert.Equal(ResponseCode.NotAuth, (ResponseCode)DnsHeader.Read(reply).RCode);
            Assert.True(TsigRecord.TryFind(reply, out var tsig));
            Assert.Equal(error, tsig!.Error);
        }

        var partial = (await DnsExchange.TcpAsync(server.Endpoint, requests["partial"]))!;
        Assert.Equal(ResponseCode.NotZone, (ResponseCode)DnsHeader.Read(partial).RCode);
        Assert.True(TsigRecord.TryFind(partial, out var signedError) && signedError!.Mac.Length == 32, "the answer to a signed update is signed");
        Assert.Equal(1u, await TransferPeer.QuerySerialAsync(server.Endpoint));
        Assert.Equal("", UpdateTools.Dig(server.Endpoint, "partial.lab.test", "A", "+short"));

        var good = (await DnsExchange.UdpAsync(server.Endpoint, requests["good"]))!;
        Assert.Equal(ResponseCode.NoError, (ResponseCode)DnsHeader.Read(good).RCode);
        Assert.True(TsigRecord.TryFind(good, out var signedGood) && signedGood!.Mac.Length == 32);
        Assert.Equal("192.0.2.77", UpdateTools.Dig(server.Endpoint, "good.lab.test", "A", "+short"));
        Assert.Equal(2u, await TransferPeer.QuerySerialAsync(server.Endpoint));
    }

    [Fact]
    public async Task Update_Kill9AfterAck_KeptAndIxfrAfterRestartIsIncremental()
    {
        using var work = new TempDirectory("upd-kill");
        string zones = work.CreateDirectory("zones");
        string data = work.Combine("data");
        File.WriteAllText(Path.Combine(zones, "lab.test.zone"), UpdateTools.ZoneText(1));
        var config = UpdateTools.Config("\"127.0.0.1/32\"");
        using (var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data, ConfigJson = config }))
        {
            Assert.Equal(0, UpdateTools.Nsupdate("nsupdate", server.Endpoint, tsig: false, "update add first.lab.test. 60 A 192.0.2.21").ExitCode);
            var second = UpdateTools.Nsupdate("nsupdate", server.Endpoint, tsig: false, "update add second.lab.test. 60 A 192.0.2.22");

            // No pause: the kill comes right after the acknowledgement.
            server.Signal(9);
            Assert.Equal(0, second.ExitCode);
            Assert.NotNull(await server.WaitForExitCodeAsync(TimeSpan.FromSeconds(10)));
        }

        using var restarted = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data, ConfigJson = config });
        Assert.Equal("192.0.2.22", UpdateTools.Dig(restarted.Endpoint, "second.lab.test", "A", "+short"));
        var ixfr = UpdateTools.Dig(restarted.Endpoint, "lab.test", "IXFR=2", "+noall", "+answer")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)).ToList();

        // RFC 1995 §4: new SOA, old SOA, deletions, new SOA, additions, new SOA; an AXFR would put NS second.
        Assert.Equal(["SOA", "SOA", "SOA", "A", "SOA"], ixfr.Select(r => r[3]));
        Assert.Equal(["3", "2", "3", "3"], ixfr.Where(r => r[3] == "SOA").Select(r => r[6]));
        Assert.Equal("second.lab.test.", ixfr[3][0]);
        Assert.True(await restarted.WaitForOutputAsync("IXFR of lab.test. serial 3", TimeSpan.FromSeconds(5)), restarted.Output);
    }
}
