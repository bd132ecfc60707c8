using System.Text.Json;
using DnsServer.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsServer.Api.Tests;

/// <summary>The query log: one JSON line per query, written off the query path; a full queue drops and counts.</summary>
public sealed class QueryLogTests
{
    [Fact]
    public async Task QueryLog_Enabled_WritesOneJsonLinePerQuery()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dnsserver-querylog-{Guid.NewGuid():N}.jsonl");
        var log = new QueryLogWriter(path, 100, TimeProvider.System, NullLogger<QueryLogWriter>.Instance);
        await log.StartAsync(CancellationToken.None);
        try
        {
            await using (var host = await ApiHost.StartAsync(queryLog: log))
            {
                Assert.NotNull(await host.QueryAsync("www.file.test.", RecordType.A));
                Assert.NotNull(await host.QueryAsync("NONE.file.test.", RecordType.AAAA));
            }

            await log.StopAsync(CancellationToken.None);
            var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

            Assert.Equal(2, lines.Count);
            Assert.Equal("www.file.test.", lines[0].GetProperty("qname").GetString());
            Assert.Equal("A", lines[0].GetProperty("qtype").GetString());
            Assert.Equal("NOERROR", lines[0].GetProperty("rcode").GetString());
            Assert.Equal(1, lines[0].GetProperty("answers").GetInt32());
            Assert.Equal("authoritative", lines[0].GetProperty("answeredBy").GetString());
            Assert.Equal("127.0.0.1", lines[0].GetProperty("client").GetString());
            Assert.Equal("NONE.file.test.", lines[1].GetProperty("qname").GetString());
            Assert.Equal("NXDOMAIN", lines[1].GetProperty("rcode").GetString());
            Assert.True(lines[1].GetProperty("latencyUs").GetInt64() >= 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task QueryLog_QueueFull_DropsAndCountsWithoutBlocking()
    {
        using var log = new QueryLogWriter(null, 1, TimeProvider.System, NullLogger<QueryLogWriter>.Instance);
        await using var host = await ApiHost.StartAsync(queryLog: log);

        for (int i = 0; i < 3; i++)
        {
            Assert.NotNull(await host.QueryAsync("www.file.test.", RecordType.A));
        }

        Assert.Equal(2, log.Dropped);
    }
}
