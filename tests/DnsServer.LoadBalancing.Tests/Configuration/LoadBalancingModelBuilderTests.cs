using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Model;
using DnsServer.LoadBalancing.Tests.Answering;

namespace DnsServer.LoadBalancing.Tests.Configuration;

public sealed class LoadBalancingModelBuilderTests
{
    private static IReadOnlyList<string> Errors(Action<LoadBalancingOptions> change)
    {
        var options = LbHarness.Example();
        change(options);
        return LoadBalancingModelBuilder.Build(options, new FakeZones()).Errors;
    }

    [Fact]
    public void Build_IssueExample_BindsAndCompiles()
    {
        var result = LoadBalancingModelBuilder.Build(LbHarness.Example(), new FakeZones());

        Assert.Empty(result.Errors);
        var model = result.Model!;
        var pool = Assert.Single(model.Pools);
        Assert.Equal(PoolMode.Weighted, pool.Mode);
        Assert.Equal(5u, pool.TtlDegraded);
        Assert.Equal(5u, pool.TtlUnknown);
        Assert.Equal([0, 1, 2], model.Members.Select(m => m.Id));
        Assert.Equal(8080, pool.Members[0].CheckEndpoint!.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(500), pool.HealthCheck!.Timeout);
        Assert.Equal(AllDownAction.AnswerAll, pool.WhenAllDown);
        Assert.Equal("www.lab.test.", Assert.Single(model.Records).Name.ToString());
    }

    [Theory]
    [InlineData("weight", "LoadBalancing:Pools:web:Members:2:Weight: must be ≥ 0")]
    [InlineData("pool", "LoadBalancing:Records:0:Pool: unknown pool 'wbe'")]
    [InlineData("overlap", "LoadBalancing:Regions:us: 10.1.0.0/16 overlaps region eu's 10.1.0.0/16")]
    [InlineData("zone", "LoadBalancing:Records:0:Name: www.other.test. is in no zone served")]
    [InlineData("family", "LoadBalancing:Records:0:Type:")]
    [InlineData("backup", "LoadBalancing:Pools:web:WhenAllDown: unknown pool 'nope'")]
    [InlineData("self", "LoadBalancing:Pools:web:WhenAllDown: pool 'web' cannot back itself")]
    [InlineData("timeout", "LoadBalancing:Pools:web:HealthCheck:Timeout:")]
    [InlineData("rise", "LoadBalancing:Pools:web:HealthCheck:Rise: must be ≥ 1")]
    [InlineData("fall", "LoadBalancing:Pools:web:HealthCheck:Fall: must be ≥ 1")]
    [InlineData("status", "LoadBalancing:Pools:web:HealthCheck:ExpectStatus:")]
    [InlineData("initial", "LoadBalancing:Pools:web:HealthCheck:InitialState:")]
    [InlineData("count", "LoadBalancing:Pools:web:Count: must be ≥ 1")]
    [InlineData("region", "LoadBalancing:Pools:web:Members:0:Region: unknown region 'asia'")]
    [InlineData("duplicate", "LoadBalancing:Records:1: duplicate of LoadBalancing:Records:0")]
    [InlineData("cidr", "LoadBalancing:Regions:eu:0: '10.1.0.0/33' is not an address prefix")]
    [InlineData("ecs", "LoadBalancing:ClientSubnet:MaxSourcePrefixV4: 33 is not between 0 and 32")]
    [InlineData("zero", "LoadBalancing:Pools:web:Members: every weight is 0")]
    [InlineData("tcpport", "LoadBalancing:Pools:web:HealthCheck:Port: required for Tcp checks")]
    public void Build_BadOption_ReportsTheKey(string bad, string expected)
    {
        var errors = Errors(o =>
        {
            var web = o.Pools["web"];
            switch (bad)
            {
                case "weight": web.Members[2].Weight = -1; break;
                case "pool": o.Records[0].Pool = "wbe"; break;
                case "overlap": o.Regions["us"].Add("10.1.0.0/16"); break;
                case "zone": o.Records[0].Name = "www.other.test."; break;
                case "family": o.Records[0].Type = "AAAA"; break;
                case "backup": web.WhenAllDown = "nope"; break;
                case "self": web.WhenAllDown = "web"; break;
                case "timeout": web.HealthCheck!.Timeout = TimeSpan.FromSeconds(1); break;
                case "rise": web.HealthCheck!.Rise = 0; break;
                case "fall": web.HealthCheck!.Fall = 0; break;
                case "status": web.HealthCheck!.ExpectStatus = "abc"; break;
                case "initial": web.HealthCheck!.InitialState = "Maybe"; break;
                case "count": web.Count = 0; break;
                case "region": web.Members[0].Region = "asia"; break;
                case "duplicate": o.Records.Add(new PoolRecordOptions { Name = "WWW.lab.test.", Type = "A", Pool = "web" }); break;
                case "cidr": o.Regions["eu"][0] = "10.1.0.0/33"; break;
                case "ecs": o.ClientSubnet.MaxSourcePrefixV4 = 33; break;
                case "zero": web.Members.ForEach(m => m.Weight = 0); break;
                case "tcpport": web.HealthCheck!.Port = null; break;
            }
        });

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SeveralErrors_ReportsEveryOne()
    {
        var errors = Errors(o =>
        {
            o.Pools["web"].Members[0].Weight = -1;
            o.Pools["web"].HealthCheck!.Rise = 0;
            o.Records[0].Pool = "wbe";
        });

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Build_BackupPoolCycle_Rejected()
    {
        var errors = Errors(o =>
        {
            o.Pools["web"].WhenAllDown = "b";
            o.Pools["b"] = new PoolOptions { Members = [new MemberOptions { Address = "127.0.0.30" }], WhenAllDown = "web" };
        });

        Assert.Contains(errors, e => e.Contains("cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_HttpCheckWithoutPort_DefaultsTo80()
    {
        var options = LbHarness.Example();
        options.Pools["web"].HealthCheck = new HealthCheckOptions { Kind = HealthCheckKind.Http };

        var model = LoadBalancingModelBuilder.Build(options, new FakeZones()).Model!;

        Assert.Equal(80, model.Pools[0].HealthCheck!.Port);
        Assert.Equal((200, 399), (model.Pools[0].HealthCheck!.ExpectStatusMin, model.Pools[0].HealthCheck!.ExpectStatusMax));
    }
}
