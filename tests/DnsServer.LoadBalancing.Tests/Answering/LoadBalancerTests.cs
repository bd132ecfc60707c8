using System.Net;
using DnsServer.LoadBalancing.Events;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.LoadBalancing.Tests.Answering;

public sealed class LoadBalancerTests
{
    [Fact]
    public void Apply_BadConfiguration_KeepsRunningModelAndReportsEvent()
    {
        var harness = new LbHarness(LbHarness.Example());
        var running = harness.Balancer.Model;
        var bad = LbHarness.Example();
        bad.Records[0].Pool = "wbe";

        var errors = harness.Balancer.Apply(bad);

        Assert.Single(errors);
        Assert.Same(running, harness.Balancer.Model);
        Assert.Contains(harness.Events.Events, e => e.Kind == LoadBalancingEventKind.ConfigurationRejected);
    }

    [Fact]
    public void Explain_ClientSubnetInRegion_NamesRegionCandidatesAndTtl()
    {
        var harness = new LbHarness(LbHarness.Example());

        var explanation = harness.Balancer.Explain(DnsName.Parse("www.lab.test."), RecordType.A, IPAddress.Loopback,
            ClientSubnet.Create(IPAddress.Parse("10.1.2.0"), 24));

        Assert.Equal("web", explanation.Pool);
        Assert.Equal("eu", explanation.Region);
        Assert.Equal(5u, explanation.Ttl);
        Assert.Single(explanation.Answer);
        Assert.Contains("pool web (Weighted)", explanation.ToString(), StringComparison.Ordinal);
    }
}
