using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DnsServer.Api.Zones;
using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary>Four writers and a query load at once: every acknowledged change is there afterwards, no query fails, the serial only rises.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FourWritersAndQueries_AllChangesKept_NoQueryError_SerialRises()
    {
        await using var host = await ApiHost.StartAsync();
        using (var setup = host.Client())
        {
            Assert.Equal(HttpStatusCode.Created, (await setup.PostAsync("/api/zones", ApiHost.Json("""{"name": "load.test."}"""))).StatusCode);
        }

        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            using var client = host.Client();
            var acknowledged = new List<string>();
            var serials = new List<uint>();
            for (int i = 0; clock.Elapsed < Duration; i++)
            {
                string name = $"w{w}-{i}.load.test.";
                var response = await client.PostAsync("/api/zones/load.test./records", ApiHost.Json($$"""{"name": "{{name}}", "type": "A", "ttl": 60, "data": "192.0.2.{{w}}"}"""));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                serials.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serial").GetUInt32());
                acknowledged.Add(name);
            }

            return (acknowledged, serials);
        })).ToArray();
        int queries = 0;
        var reader = Task.Run(async () =>
        {
            while (clock.Elapsed < Duration)
            {
                var answer = await host.QueryAsync("load.test.", RecordType.SOA);
                Assert.NotNull(answer);
                Assert.Equal(ResponseCode.NoError, answer.ResponseCode);
                queries++;
            }
        });

        var results = await Task.WhenAll(writers);
        await reader;

        Assert.True(queries > 100, $"{queries} queries");
        foreach (var (_, serials) in results)
        {
            for (int i = 1; i < serials.Count; i++)
            {
                Assert.True(SoaSerial.IsGreater(serials[i], serials[i - 1]));
            }
        }

        using var check = host.Client();
        var records = await check.GetFromJsonAsync<JsonElement[]>("/api/zones/load.test./records?type=A");
        var served = records!.Select(r => r.GetProperty("name").GetString()).ToHashSet();
        var all = results.SelectMany(r => r.acknowledged).ToList();
        Assert.All(all, name => Assert.Contains(name, served));
        var allSerials = results.SelectMany(r => r.serials).ToList();
        Assert.Equal(allSerials.Count, allSerials.Distinct().Count());
    }
}
