using System.Net;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Tests.Answering;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.LoadBalancing.Tests.Selection;

public sealed class PoolSelectionTests
{
    private static readonly byte[] WwwA = LbHarness.Query("www.lab.test.", RecordType.A);

    private static Dictionary<string, int> Tally(LbHarness harness, byte[] query, int runs, string client = "192.0.2.1")
    {
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < runs; i++)
        {
            var first = LbHarness.Addresses(harness.Run(query, client))[0];
            counts[first] = counts.GetValueOrDefault(first) + 1;
        }

        return counts;
    }

    [Fact]
    public void Weighted_TenThousandAnswers_MatchWeightsWithinTwoPoints()
    {
        var harness = new LbHarness(LbHarness.Example());

        var counts = Tally(harness, WwwA, 10_000);

        Assert.InRange(counts["127.0.0.21"] / 10_000.0, 0.73, 0.77);
        Assert.InRange(counts["127.0.0.22"] / 10_000.0, 0.23, 0.27);
        Assert.False(counts.ContainsKey("127.0.0.23"));
        var stats = Assert.Single(harness.Balancer.Statistics());
        Assert.Equal(10_000, stats.Answers);
        Assert.InRange(stats.Members[0].ObservedShare - stats.Members[0].ConfiguredShare, -0.02, 0.02);
        Assert.Equal(0.75, stats.Members[0].ConfiguredShare);
    }

    [Fact]
    public void Weighted_SameSeed_RepeatsDraws()
    {
        var first = new LbHarness(LbHarness.Example(seed: 3));
        var second = new LbHarness(LbHarness.Example(seed: 3));

        var a = Enumerable.Range(0, 50).Select(_ => LbHarness.Addresses(first.Run(WwwA))[0]).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => LbHarness.Addresses(second.Run(WwwA))[0]).ToList();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Priority_BothFirstDown_AnswersSecondPriority()
    {
        var harness = new LbHarness(LbHarness.Example());
        harness.SetHealth(MemberHealth.Down, MemberHealth.Down, MemberHealth.Up);

        var counts = Tally(harness, WwwA, 100);

        Assert.Equal(100, counts["127.0.0.23"]);
        Assert.Contains(harness.Events.Events, e => e.Message == "web answers 127.0.0.21, 127.0.0.22 → 127.0.0.23");
    }

    [Theory]
    [InlineData("AnswerAll", ResponseCode.NoError, 3)]
    [InlineData("AnswerNone", ResponseCode.NoError, 0)]
    [InlineData("ServFail", ResponseCode.ServFail, 0)]
    [InlineData("backup", ResponseCode.NoError, 1)]
    public void WhenAllDown_EverySetting_Answers(string setting, ResponseCode rcode, int records)
    {
        var options = LbHarness.Example();
        options.Pools["web"].WhenAllDown = setting;
        options.Pools["web"].Count = 3;
        options.Pools["backup"] = new PoolOptions { Members = [new MemberOptions { Address = "127.0.0.99" }] };
        var harness = new LbHarness(options);
        harness.SetHealth(MemberHealth.Down, MemberHealth.Down, MemberHealth.Down, MemberHealth.Up);

        var context = harness.Run(WwwA);

        Assert.Equal(rcode, context.Response.Rcode);
        Assert.Equal(records, LbHarness.Addresses(context).Length);
        if (setting == "backup")
        {
            Assert.Equal("127.0.0.99", LbHarness.Addresses(context)[0]);
        }

        if (setting == "AnswerNone")
        {
            Assert.Equal(RecordType.SOA, context.Response.Authority[0].Type);
        }
    }

    [Fact]
    public void RoundRobin_EveryMember_FirstEquallyOften()
    {
        var options = LbHarness.Example();
        options.Pools["web"].Mode = PoolMode.RoundRobin;
        options.Pools["web"].Count = null;
        options.Pools["web"].Members[2].Priority = 1;
        var harness = new LbHarness(options);

        var counts = Tally(harness, WwwA, 300);

        Assert.All(counts.Values, c => Assert.Equal(100, c));
        Assert.Equal(3, LbHarness.Addresses(harness.Run(WwwA)).Length);
    }

    [Fact]
    public void Ttl_ByHealthState_UpDegradedUnknown()
    {
        var options = LbHarness.Example();
        options.Pools["web"].TtlDegraded = 2;
        options.Pools["web"].TtlUnknown = 1;
        var harness = new LbHarness(options);
        harness.Health.Publish(new HealthView(1, [MemberHealth.Up, MemberHealth.Up, MemberHealth.Up], [true, false, true]));
        uint unknown = harness.Run(WwwA).Response.Answer[0].Ttl;
        harness.SetHealth(MemberHealth.Up, MemberHealth.Down, MemberHealth.Up);
        uint degraded = harness.Run(WwwA).Response.Answer[0].Ttl;
        harness.SetHealth(MemberHealth.Up, MemberHealth.Up, MemberHealth.Up);
        uint up = harness.Run(WwwA).Response.Answer[0].Ttl;

        Assert.Equal((1u, 2u, 5u), (unknown, degraded, up));
    }

    private static LoadBalancingOptions Geo()
    {
        var options = LbHarness.Example();
        options.Pools["web"].Mode = PoolMode.Geo;
        options.Pools["web"].Members[2].Priority = 1;
        return options;
    }

    [Fact]
    public void Geo_ClientSubnet_AnswersTheRegionAndScope()
    {
        var harness = new LbHarness(Geo());
        var us = LbHarness.Query("www.lab.test.", RecordType.A, ClientSubnet.Create(IPAddress.Parse("10.2.3.0"), 24));

        var context = harness.Run(us);

        Assert.Equal(["127.0.0.22"], LbHarness.Addresses(context));
        Assert.Equal((byte)16, context.Response.ClientSubnetScope);
    }

    [Fact]
    public void Geo_SourceAddress_AnswersTheRegionWithoutScope()
    {
        var harness = new LbHarness(Geo());

        var counts = Tally(harness, WwwA, 200, client: "10.1.9.9");

        Assert.Equal(["127.0.0.21", "127.0.0.23"], counts.Keys.Order());
        Assert.Null(harness.Context.Response.ClientSubnetScope);
    }

    [Fact]
    public void Geo_UntrustedClientSubnet_IgnoredLocatedBySource()
    {
        var options = Geo();
        options.ClientSubnet.TrustedClients = ["192.0.2.53/32"];
        var harness = new LbHarness(options);
        var us = LbHarness.Query("www.lab.test.", RecordType.A, ClientSubnet.Create(IPAddress.Parse("10.2.3.0"), 24));

        var context = harness.Run(us, "10.1.1.1");

        Assert.NotEqual("127.0.0.22", LbHarness.Addresses(context)[0]);
        Assert.Null(context.Response.ClientSubnetScope);
    }

    [Fact]
    public void ClientSubnet_SourcePrefixZero_ScopeZero()
    {
        var harness = new LbHarness(Geo());
        var query = LbHarness.Query("www.lab.test.", RecordType.A, ClientSubnet.Create(IPAddress.Parse("0.0.0.0"), 0));

        var context = harness.Run(query, "10.2.0.1");

        Assert.Equal(["127.0.0.22"], LbHarness.Addresses(context));
        Assert.Equal((byte)0, context.Response.ClientSubnetScope);
    }

    [Fact]
    public void Hashed_SameSubnet_StickyAndOnlyLostMembersClientsMove()
    {
        var options = LbHarness.Example();
        options.Pools["web"].Mode = PoolMode.Hashed;
        options.Pools["web"].Members[2].Priority = 1;
        var harness = new LbHarness(options);
        var before = new Dictionary<int, string>();
        for (int net = 0; net < 200; net++)
        {
            var client = $"198.51.{net}.7";
            before[net] = LbHarness.Addresses(harness.Run(WwwA, client))[0];
            Assert.Equal(before[net], LbHarness.Addresses(harness.Run(WwwA, $"198.51.{net}.200"))[0]);
        }

        harness.SetHealth(MemberHealth.Up, MemberHealth.Down, MemberHealth.Up);

        for (int net = 0; net < 200; net++)
        {
            var now = LbHarness.Addresses(harness.Run(WwwA, $"198.51.{net}.7"))[0];
            if (before[net] != "127.0.0.22")
            {
                Assert.Equal(before[net], now);
            }
        }

        Assert.Contains(before.Values, v => v == "127.0.0.22");
    }
}
