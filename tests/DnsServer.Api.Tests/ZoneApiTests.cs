using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary>Every zone and record endpoint over a real port, and the answers the DNS listener gives after each change.</summary>
public sealed class ZoneApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task CreateZone_ThenAddRecord_AnsweredOverDnsWithin100Ms()
    {
        using var client = _host.Client();
        var created = await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zone = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("database", zone.GetProperty("source").GetString());

        var added = await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "www.lab.test.", "type": "A", "ttl": 60, "data": "192.0.2.1"}"""));
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A, TimeSpan.FromMilliseconds(100));
        clock.Stop();

        Assert.NotNull(answer);
        Assert.Equal("192.0.2.1", Assert.Single(answer.Answers).Data.ToString());
        Assert.True(clock.ElapsedMilliseconds < 100, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task CreateZone_FillsSoaAndNsDefaults()
    {
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "defaults.test"}"""));

        var records = await client.GetFromJsonAsync<JsonElement[]>("/api/zones/defaults.test./records");

        Assert.Equal(["SOA", "NS"], records!.Select(r => r.GetProperty("type").GetString()));
        Assert.StartsWith("localhost. hostmaster.defaults.test. ", records![0].GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal("localhost.", records[1].GetProperty("data").GetString());
    }

    [Fact]
    public async Task EveryChange_BumpsTheSerial()
    {
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));
        var serials = new List<uint> { await SerialAsync(client) };

        await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"records": [{"name": "a", "type": "A", "data": "192.0.2.1"}, {"name": "a", "type": "A", "data": "192.0.2.2"}]}"""));
        serials.Add(await SerialAsync(client));
        await client.PutAsync("/api/zones/lab.test./rrsets/a/A", ApiHost.Json("""{"ttl": 120, "data": ["192.0.2.3"]}"""));
        serials.Add(await SerialAsync(client));
        await client.DeleteAsync("/api/zones/lab.test./records?name=a&type=A&data=192.0.2.3");
        serials.Add(await SerialAsync(client));

        for (int i = 1; i < serials.Count; i++)
        {
            Assert.True(Api.Zones.SoaSerial.IsGreater(serials[i], serials[i - 1]), string.Join(", ", serials));
        }
    }

    [Fact]
    public async Task ReplaceRRset_ThenDeleteRRset_ChangesTheAnswers()
    {
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));
        await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "www", "type": "A", "data": "192.0.2.1"}"""));

        var replaced = await client.PutAsync("/api/zones/lab.test./rrsets/www.lab.test./A", ApiHost.Json("""{"ttl": 30, "data": ["192.0.2.7", "192.0.2.8"]}"""));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);
        Assert.Equal(["192.0.2.7", "192.0.2.8"], answer!.Answers.Select(a => a.Data.ToString()).Order());
        Assert.All(answer.Answers, a => Assert.Equal(30u, a.Ttl));

        var deleted = await client.DeleteAsync("/api/zones/lab.test./records?name=www.lab.test.&type=A");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(ResponseCode.NXDomain, (await _host.QueryAsync("www.lab.test.", RecordType.A))!.ResponseCode);

        var again = await client.DeleteAsync("/api/zones/lab.test./records?name=www.lab.test.&type=A");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task GetZone_JsonAndZoneFileText()
    {
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));
        await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "mail", "type": "MX", "ttl": 60, "data": "10 mx.example.net."}"""));

        var zone = await client.GetFromJsonAsync<JsonElement>("/api/zones/lab.test");
        var text = await client.GetStringAsync("/api/zones/lab.test./zonefile");

        Assert.Equal(3, zone.GetProperty("records").GetArrayLength());
        Assert.Contains("mail.lab.test.\t60\tIN\tMX\t10 mx.example.net.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportZoneFile_ServesItsRecords()
    {
        using var client = _host.Client();
        var body = new StringContent("""
            $ORIGIN imported.test.
            $TTL 300
            @ IN SOA ns.imported.test. hostmaster 5 7200 1800 1209600 300
              IN NS ns
            ns IN A 192.0.2.53
            """, System.Text.Encoding.UTF8, "text/dns");

        var response = await client.PutAsync("/api/zones/imported.test./zonefile", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("192.0.2.53", (await _host.QueryAsync("ns.imported.test.", RecordType.A))!.Answers[0].Data.ToString());
    }

    [Fact]
    public async Task FileZone_IsReadOnlyUntilImported()
    {
        using var client = _host.Client();
        var zones = await client.GetFromJsonAsync<JsonElement[]>("/api/zones");
        Assert.Equal("file", zones!.Single(z => z.GetProperty("name").GetString() == "file.test.").GetProperty("source").GetString());

        var refused = await client.PostAsync("/api/zones/file.test./records", ApiHost.Json("""{"name": "x", "type": "A", "data": "192.0.2.9"}"""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("/api/zones/file.test.")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/zones/file.test./import", null)).StatusCode);
        var added = await client.PostAsync("/api/zones/file.test./records", ApiHost.Json("""{"name": "x", "type": "A", "data": "192.0.2.9"}"""));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("192.0.2.80", (await _host.QueryAsync("www.file.test.", RecordType.A))!.Answers[0].Data.ToString());
    }

    [Fact]
    public async Task DeleteZone_StopsServingIt()
    {
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "gone.test."}"""));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/zones/gone.test.")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/zones/gone.test.")).StatusCode);
        Assert.Equal(ResponseCode.Refused, (await _host.QueryAsync("gone.test.", RecordType.SOA))!.ResponseCode);
    }

    [Fact]
    public async Task Status_ReportsZonesListenersAndVersion()
    {
        using var client = _host.Client(withKey: false);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/status");

        Assert.Equal("test", status.GetProperty("version").GetString());
        Assert.Equal(1, status.GetProperty("zones").GetInt32());
        Assert.Single(status.GetProperty("listeners").EnumerateArray());
        Assert.False(status.GetProperty("recursion").GetBoolean());
    }

    private static async Task<uint> SerialAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/zones/lab.test.")).GetProperty("serial").GetUInt32();
}
