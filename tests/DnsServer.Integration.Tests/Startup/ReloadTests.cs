using System.Diagnostics;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Startup;

/// <summary>
/// Zone changes reach a running server by <c>dnsserver reload</c> (SIGHUP) and by the file
/// watcher, and no query goes unanswered while a new snapshot is swapped in.
/// </summary>
public sealed class ReloadTests
{
    private const string Zone = """
        $ORIGIN reload.test.
        $TTL 300
        @    SOA ns1 hostmaster SERIAL 3600 900 604800 60
             NS  ns1
        ns1  A   192.0.2.1
        www  A   ADDRESS

        """;

    [Fact]
    public async Task ReloadCommand_ZoneFileChanged_ServesNewDataWithoutDroppingQueries()
    {
        using var zones = new TempDirectory("reload");
        WriteZone(zones, serial: 1, address: "192.0.2.10");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = """{ "WatchZones": false }""" });
        using var load = new QueryLoad(server);

        WriteZone(zones, serial: 2, address: "192.0.2.20");
        var (exitCode, _, standardError) = await ServerProcess.RunToExitAsync(["reload", "--data", server.DataDirectory]);
        Assert.True(exitCode == 0, standardError);

        Assert.True(await WaitForAddressAsync(server, "192.0.2.20"), $"new data not served after reload:\n{server}");
        Assert.True(await server.WaitForOutputAsync("SIGHUP", TimeSpan.FromSeconds(2)), $"no reload by SIGHUP in the log:\n{server}");
        var (sent, unanswered) = await load.StopAsync();
        Assert.True(unanswered == 0, $"{unanswered} of {sent} queries unanswered during the reload");
    }

    [Fact]
    public async Task FileWatcher_ZoneFileChanged_ServesNewDataWithoutDroppingQueries()
    {
        using var zones = new TempDirectory("watch");
        WriteZone(zones, serial: 1, address: "192.0.2.10");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path });
        using var load = new QueryLoad(server);

        WriteZone(zones, serial: 2, address: "192.0.2.30");

        Assert.True(await WaitForAddressAsync(server, "192.0.2.30"), $"new data not served after the file changed:\n{server}");
        var (sent, unanswered) = await load.StopAsync();
        Assert.True(unanswered == 0, $"{unanswered} of {sent} queries unanswered during the reload");
    }

    /// <summary>docs: <c>WatchZones</c> "Reload zone files when they change on disk. Defaults to true."</summary>
    [Fact]
    public async Task FileWatcher_WatchZonesFalse_ChangedFileNotLoadedUntilReload()
    {
        using var zones = new TempDirectory("nowatch");
        WriteZone(zones, serial: 1, address: "192.0.2.10");
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones.Path, ConfigJson = """{ "WatchZones": false }""" });

        WriteZone(zones, serial: 2, address: "192.0.2.40");

        Assert.False(await WaitForAddressAsync(server, "192.0.2.40", TimeSpan.FromSeconds(2)), $"the file was reloaded with WatchZones false:\n{server}");
    }

    private static void WriteZone(TempDirectory zones, int serial, string address)
    {
        var path = zones.Combine("reload.test.zone");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Zone.Replace("SERIAL", serial.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("ADDRESS", address, StringComparison.Ordinal));
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task<bool> WaitForAddressAsync(ServerProcess server, string address, TimeSpan? timeout = null)
    {
        var expected = System.Net.IPAddress.Parse(address).GetAddressBytes();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)))
        {
            var response = await DnsExchange.UdpAsync(server.Endpoint, WireQuery.Build(7, "www.reload.test."));
            if (response is not null && response.AsSpan().EndsWith(expected))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>Queries the server every few milliseconds in the background and counts the unanswered ones.</summary>
    private sealed class QueryLoad : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<(int Sent, int Unanswered)> _running;

        public QueryLoad(ServerProcess server)
        {
            _running = Task.Run(async () =>
            {
                int sent = 0;
                int unanswered = 0;
                while (!_stop.IsCancellationRequested)
                {
                    sent++;
                    var response = await DnsExchange.UdpAsync(server.Endpoint, WireQuery.Build((ushort)sent, "www.reload.test."), TimeSpan.FromSeconds(1));
                    if (response is null || WireQuery.RcodeName(response) != "NOERROR")
                    {
                        unanswered++;
                    }

                    await Task.Delay(5);
                }

                return (sent, unanswered);
            });
        }

        public async Task<(int Sent, int Unanswered)> StopAsync()
        {
            await _stop.CancelAsync();
            return await _running;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
