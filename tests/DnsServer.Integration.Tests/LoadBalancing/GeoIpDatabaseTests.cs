using System.Globalization;
using System.Text.Json;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>
/// A Geo pool whose regions are continent or country codes from a MaxMind DB written for the test
/// by Debian's MaxMind::DB::Writer (libmaxmind-db-writer-perl).
/// </summary>
public sealed class GeoIpDatabaseTests
{
    [Theory]
    [InlineData("continent", "EU", "NA")]
    [InlineData("country", "DE", "US")]
    public async Task GeoPool_RegionsFromMaxMindDatabase_AnswersByClientSubnet(string field, string europe, string america)
    {
        using var work = new TempDirectory("lb-mmdb");
        string database = work.Combine("regions.mmdb");
        var written = PeerProgram.Run(
            Peers.Require("perl"),
            [RepositoryPaths.TestFile("Scripts", "write_mmdb.pl"), database, "10.1.0.0/16=EU:DE", "10.2.0.0/16=NA:US", "2001:db8:1::/48=EU:DE"],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(written.ExitCode == 0, "writing the MaxMind DB failed (is libmaxmind-db-writer-perl installed?):\n" + written.StandardError);

        string config = $$"""
            {
              "LoadBalancing": {
                "GeoIp": { "Database": "{{database}}", "Field": "{{field}}" },
                "Pools": {
                  "geo": { "Mode": "Geo", "Ttl": 5, "Members": [
                    { "Address": "127.0.0.21", "Region": "{{europe}}" },
                    { "Address": "127.0.0.22", "Region": "{{america}}" } ] }
                },
                "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "geo" } ]
              }
            }
            """;
        using var server = await ServerProcess.StartAsync(new ServerStartOptions { Zones = LabZone.WriteTo(work), ConfigJson = config });

        var answers = Ask(server, "10.1.2.0/24", "10.2.7.0/24", "2001:db8:1::/56");

        Assert.Equal("[\"127.0.0.21\"]", answers.GetProperty("10.1.2.0/24").GetProperty("answer").ToString());
        Assert.Equal(16, answers.GetProperty("10.1.2.0/24").GetProperty("ecs").GetProperty("scope").GetInt32());
        Assert.Equal("[\"127.0.0.22\"]", answers.GetProperty("10.2.7.0/24").GetProperty("answer").ToString());
        Assert.Equal("[\"127.0.0.21\"]", answers.GetProperty("2001:db8:1::/56").GetProperty("answer").ToString());
        Assert.Equal(48, answers.GetProperty("2001:db8:1::/56").GetProperty("ecs").GetProperty("scope").GetInt32());
    }

    private static JsonElement Ask(ServerProcess server, params string[] subnets)
    {
        var result = PeerProgram.Run(
            Peers.RequirePython(),
            [RepositoryPaths.TestFile("Scripts", "ecs_answers.py"), server.Endpoint.Address.ToString(), server.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "www.lab.test.", "A", .. subnets],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
