using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary>Refusals: each a problem (application/problem+json) naming the field, nothing half-applied.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(maxBodyBytes: 64 * 1024);
        using var client = _host.Client();
        await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));
        await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "www", "type": "A", "data": "192.0.2.1"}"""));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("""{"name": "www", "type": "A", "data": "192.0.2.300"}""", 422, "data")]
    [InlineData("""{"name": "www", "type": "AX", "data": "192.0.2.3"}""", 422, "type")]
    [InlineData("""{"name": "www", "type": "A", "ttl": -1, "data": "192.0.2.3"}""", 422, "ttl")]
    [InlineData("""{"name": "www.example.com.", "type": "A", "data": "192.0.2.3"}""", 422, "name")]
    [InlineData("""{"name": "a..b", "type": "A", "data": "192.0.2.3"}""", 422, "name")]
    [InlineData("""{"name": "www", "type": "CNAME", "data": "other.lab.test."}""", 422, "name")]
    [InlineData("""{"name": "www", "type": "A", "data": "192.0.2.3\nx 60 IN A 192.0.2.4"}""", 422, "data")]
    [InlineData("""{"name": "www", "type": "SOA", "data": "a. b. 1 2 3 4 5"}""", 422, "type")]
    [InlineData("""{"name": 5, "type": "A", "data": "192.0.2.3"}""", 400, "name")]
    [InlineData("""{"name": "www", "type": "A", "ttl": "60", "data": "192.0.2.3"}""", 400, "ttl")]
    [InlineData("""{"name": "www", "typo": "A"}""", 400, "typo")]
    [InlineData("""{"name": "www", """, 400, "$")]
    [InlineData("""{"records": [{"name": "ok", "type": "A", "data": "192.0.2.5"}, {"name": "b", "type": "A", "data": "x"}]}""", 422, "records[1].data")]
    public async Task AddRecord_BadInput_RefusedWithProblemNamingTheField(string body, int status, string field)
    {
        using var client = _host.Client();
        var before = await client.GetStringAsync("/api/zones/lab.test./zonefile");

        var response = await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await client.GetStringAsync("/api/zones/lab.test./zonefile"));
    }

    [Fact]
    public async Task AddRecord_HugeBody_Refused413()
    {
        using var client = _host.Client();
        var data = new string('a', 100 * 1024);

        var response = await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json($$"""{"name": "big", "type": "TXT", "data": "{{data}}"}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AddRecord_NameWithEscapedDot_IsOneLabel()
    {
        using var client = _host.Client();

        var response = await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "a\\.b", "type": "TXT", "data": "\"dotted\""}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = await client.GetFromJsonAsync<JsonElement[]>("/api/zones/lab.test./records?type=TXT");
        Assert.Equal(@"a\.b.lab.test.", Assert.Single(records!).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AddRecord_IdnName_ConvertedToALabels()
    {
        using var client = _host.Client();

        var response = await client.PostAsync("/api/zones/lab.test./records", ApiHost.Json("""{"name": "bücher.lab.test.", "type": "A", "data": "192.0.2.44"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("192.0.2.44", (await _host.QueryAsync("xn--bcher-kva.lab.test.", RecordType.A))!.Answers[0].Data.ToString());
    }

    [Fact]
    public async Task Write_WithoutOrWithWrongKey_Refused401()
    {
        using var anonymous = _host.Client(withKey: false);
        using var wrong = _host.Client(withKey: false);
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-key");

        var withoutKey = await anonymous.PostAsync("/api/zones", ApiHost.Json("""{"name": "x.test."}"""));
        var withWrongKey = await wrong.DeleteAsync("/api/zones/lab.test.");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withWrongKey.StatusCode);
        Assert.Equal("Bearer", withoutKey.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/zones/lab.test.")).StatusCode);
    }

    [Fact]
    public void ApiKeyFile_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(Path.Combine(_host.Directory, "data", "api-key"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task CreateZone_Twice_Refused409()
    {
        using var client = _host.Client();

        var response = await client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task UnknownZone_Refused404()
    {
        using var client = _host.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/zones/none.test./records")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/zones/none.test./records", ApiHost.Json("""{"name": "a", "type": "A", "data": "192.0.2.1"}"""))).StatusCode);
    }

    [Fact]
    public async Task NotJson_Refused415()
    {
        using var client = _host.Client();

        var response = await client.PostAsync("/api/zones", new StringContent("name=lab.test."));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
