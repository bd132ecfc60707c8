using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Api;

/// <summary>
/// Zones made through the API, with the server as a child process: a change acknowledged by the
/// API is answered at once, and is still there after a restart and after <c>kill -9</c>.
/// </summary>
public sealed partial class ApiPersistenceTests
{
    private const int SigKill = 9;

    [Fact]
    public async Task AcknowledgedChange_AfterKill9_IsStillServed()
    {
        using var work = new TempDirectory("api-kill");
        var data = work.Combine("data");
        string zones = work.CreateDirectory("zones");
        using (var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data }))
        {
            using var client = await ClientAsync(server, data);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/zones", Json("""{"name": "lab.test."}"""))).StatusCode);
            var added = await client.PostAsync("/api/zones/lab.test./records", Json("""{"name": "www.lab.test.", "type": "A", "ttl": 60, "data": "192.0.2.1"}"""));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);

            // No pause: the kill comes right after the acknowledgement.
            server.Signal(SigKill);
            Assert.NotNull(await server.WaitForExitCodeAsync(TimeSpan.FromSeconds(10)));
        }

        using var restarted = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data });
        Assert.Equal("192.0.2.1", await AddressAsync(restarted, "www.lab.test"));
    }

    [Fact]
    public async Task ManagedZone_AfterRestart_IsServedAndEditable()
    {
        using var work = new TempDirectory("api-restart");
        var data = work.Combine("data");
        string zones = work.CreateDirectory("zones");
        using (var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data }))
        {
            using var client = await ClientAsync(server, data);
            await client.PostAsync("/api/zones", Json("""{"name": "lab.test."}"""));
            await client.PostAsync("/api/zones/lab.test./records", Json("""{"name": "www", "type": "A", "data": "192.0.2.1"}"""));
            Assert.Equal("192.0.2.1", await AddressAsync(server, "www.lab.test"));
            Assert.Equal(0, await server.StopAsync());
        }

        using var restarted = await ServerProcess.StartAsync(new ServerStartOptions { Zones = zones, Data = data });
        Assert.Equal("192.0.2.1", await AddressAsync(restarted, "www.lab.test"));
        Assert.DoesNotContain("API key created", restarted.Output, StringComparison.Ordinal);
        using var again = await ClientAsync(restarted, data);
        var replaced = await again.PutAsync("/api/zones/lab.test./rrsets/www/A", Json("""{"data": ["192.0.2.2"]}"""));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("192.0.2.2", await AddressAsync(restarted, "www.lab.test"));
    }

    private static async Task<HttpClient> ClientAsync(ServerProcess server, string data)
    {
        Assert.True(await server.WaitForOutputAsync("HTTP API listening on", TimeSpan.FromSeconds(10)), server.Output);
        var url = ApiUrl().Match(server.Output).Groups[1].Value;
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "api-key")).Trim());
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The first A record of the answer, by dig.</summary>
    private static async Task<string> AddressAsync(ServerProcess server, string name)
    {
        var dig = Peers.Require("dig");
        var result = await Task.Run(() => PeerProgram.Run(dig, ["@" + server.Endpoint.Address, "-p", server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), name, "A", "+short", "+tries=1", "+time=2"]));
        Assert.Equal(0, result.ExitCode);
        return result.StandardOutput.Trim();
    }

    [GeneratedRegex(@"HTTP API listening on (http://\S+)")]
    private static partial Regex ApiUrl();
}
