using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary>
/// The load-balancing routes: pools, members, regions and pool records set through the API reach
/// the answers at once; a bad change is refused whole with the fields named; faults, health,
/// events, explain and the pool metrics.
/// </summary>
public sealed class PoolApiTests : IAsyncLifetime
{
    private const string Pool = """
        { "Mode": "RoundRobin", "Ttl": 5, "Members": [ { "Address": "192.0.2.21" }, { "Address": "192.0.2.22" } ] }
        """;

    private ApiHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        _client = _host.Client();
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/zones", ApiHost.Json("""{"name": "lab.test."}"""))).StatusCode);
        var put = await _client.PutAsync("/api/pools/web", ApiHost.Json(Pool));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/pool-records", ApiHost.Json("""{"name": "www.lab.test.", "type": "A", "pool": "web"}"""))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task PoolAndRecord_SetThroughApi_AnsweredAtOnce()
    {
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);

        Assert.NotNull(answer);
        Assert.Equal(["192.0.2.21", "192.0.2.22"], answer.Answers.Select(a => a.Data.ToString()!).Order(StringComparer.Ordinal));
        Assert.All(answer.Answers, a => Assert.Equal(5u, a.Ttl));
        var pools = await _client.GetFromJsonAsync<JsonElement[]>("/api/pools");
        var web = Assert.Single(pools!);
        Assert.Equal("api", web.GetProperty("source").GetString());
        Assert.Equal("RoundRobin", web.GetProperty("configuration").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task MemberWeight_SetToZeroInWeightedPool_MemberLeavesAnswers()
    {
        await _client.PutAsync("/api/pools/web", ApiHost.Json(Pool.Replace("RoundRobin", "Weighted", StringComparison.Ordinal)));

        var changed = await _client.PutAsync("/api/pools/web/members/192.0.2.21", ApiHost.Json("""{"weight": 0}"""));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        for (int i = 0; i < 20; i++)
        {
            var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);
            Assert.Equal("192.0.2.22", Assert.Single(answer!.Answers).Data.ToString());
        }
    }

    [Fact]
    public async Task BadPool_Refused422NamingFields_NothingChanged()
    {
        var refused = await _client.PutAsync("/api/pools/web", ApiHost.Json("""
            { "Mode": "Weighted", "Members": [ { "Address": "192.0.2.21", "Weight": -1 }, { "Address": "nonsense" } ] }
            """));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("members[0].weight", fields);
        Assert.Contains(fields, f => f.StartsWith("members[1]", StringComparison.Ordinal));
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);
        Assert.Equal(2, answer!.Answers.Count);
    }

    [Fact]
    public async Task RecordOutsideZonesOrUnknownPool_Refused422()
    {
        var outside = await _client.PostAsync("/api/pool-records", ApiHost.Json("""{"name": "www.elsewhere.test.", "pool": "web"}"""));
        var unknown = await _client.PostAsync("/api/pool-records", ApiHost.Json("""{"name": "api.lab.test.", "pool": "nope"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("unknown pool", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultDown_ThroughApi_MemberLeavesAndIsReported()
    {
        var injected = await _client.PostAsync("/api/faults", ApiHost.Json("""{"member": "web/192.0.2.21", "state": "Down", "for": "00:00:30"}"""));

        Assert.Equal(HttpStatusCode.Created, injected.StatusCode);
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);
        Assert.Equal("192.0.2.22", Assert.Single(answer!.Answers).Data.ToString());
        var health = await _client.GetFromJsonAsync<JsonElement[]>("/api/health");
        Assert.Contains(health!, h => h.GetProperty("member").GetString() == "web/192.0.2.21" && h.GetProperty("health").GetString() == "Down");
        var events = await _client.GetStringAsync("/api/events");
        Assert.Contains("FaultStarted", events, StringComparison.Ordinal);
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("dns_pool_member_up{pool=\"web\",member=\"192.0.2.21\"} 0", metrics, StringComparison.Ordinal);

        var cleared = await _client.DeleteAsync("/api/faults/web/192.0.2.21");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(2, (await _host.QueryAsync("www.lab.test.", RecordType.A))!.Answers.Count);
    }

    [Fact]
    public async Task BadFault_Refused422()
    {
        var unknownMember = await _client.PostAsync("/api/faults", ApiHost.Json("""{"member": "web/192.0.2.99", "state": "Down"}"""));
        var badState = await _client.PostAsync("/api/faults", ApiHost.Json("""{"member": "web/192.0.2.21", "state": "Sideways"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownMember.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badState.StatusCode);
    }

    [Fact]
    public async Task GeoRegion_SetThroughApi_ExplainNamesIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync("/api/regions/eu", ApiHost.Json("""{"prefixes": ["10.1.0.0/16"]}"""))).StatusCode);
        await _client.PutAsync("/api/pools/web", ApiHost.Json("""
            { "Mode": "Geo", "Members": [ { "Address": "192.0.2.21", "Region": "eu" }, { "Address": "192.0.2.22" } ] }
            """));

        var explained = await _client.GetFromJsonAsync<JsonElement>("/api/explain?name=www.lab.test.&type=A&client=192.0.2.1&ecs=10.1.2.0/24");

        Assert.Equal("eu", explained.GetProperty("region").GetString());
        Assert.Equal(["192.0.2.21"], explained.GetProperty("answer").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(16, explained.GetProperty("scope").GetInt32());
        var regions = await _client.GetStringAsync("/api/regions");
        Assert.Contains("10.1.0.0/16", regions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePoolInUse_Refused422_DeleteRecordThenPool_Gone()
    {
        var inUse = await _client.DeleteAsync("/api/pools/web");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inUse.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/pool-records?name=www.lab.test.&type=A")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/pools/web")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/pools/web")).StatusCode);
        var answer = await _host.QueryAsync("www.lab.test.", RecordType.A);
        Assert.Equal(ResponseCode.NXDomain, answer!.ResponseCode);
    }

    [Fact]
    public async Task PoolChange_WithoutKey_Unauthorized()
    {
        using var anonymous = _host.Client(withKey: false);

        var refused = await anonymous.PutAsync("/api/pools/web", ApiHost.Json(Pool));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
