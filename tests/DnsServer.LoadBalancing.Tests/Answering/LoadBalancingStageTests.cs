using DnsServer.LoadBalancing.Configuration;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Tests.Answering;

public sealed class LoadBalancingStageTests
{
    private static readonly DnsName Www = DnsName.Parse("www.lab.test.");
    private static readonly DnsName Alias = DnsName.Parse("alias.lab.test.");

    private static readonly ResponseRRset ZoneA = new(Www, RecordType.A, RecordClass.IN, 300,
        new RData[] { new ARData(0x7F000063) });

    [Fact]
    public void Stage_ZoneHasTheRRset_ReplacedWithPoolSelection()
    {
        var harness = new LbHarness(LbHarness.Example(), c => c.Response.Answer.Add(ZoneA));

        var context = harness.Run(LbHarness.Query("www.lab.test.", RecordType.A));

        Assert.NotEqual("127.0.0.99", LbHarness.Addresses(context)[0]);
        Assert.Equal(5u, context.Response.Answer[0].Ttl);
        Assert.Equal(AnswerSource.Policy, context.AnsweredBy);
        Assert.Equal("127.0.0.99", ZoneA.Records.Span[0].ToString());
    }

    [Fact]
    public void Stage_ZoneSaysNxDomain_NoErrorWithSelection()
    {
        var harness = new LbHarness(LbHarness.Example());

        var context = harness.Run(LbHarness.Query("WWW.lab.test.", RecordType.A));

        Assert.Equal(ResponseCode.NoError, context.Response.Rcode);
        Assert.Equal(0, context.Response.Authority.Count);
        Assert.Null(context.Response.Answer[0].Owner);
        Assert.Single(LbHarness.Addresses(context));
    }

    [Fact]
    public void Stage_CnameChainEndsAtPoolName_SelectionAddedAtChainEnd()
    {
        var cname = new ResponseRRset(Alias, RecordType.CNAME, RecordClass.IN, 300, new RData[] { new CNameRData(Www) });
        var harness = new LbHarness(LbHarness.Example(), c =>
        {
            c.Response.Answer.Add(cname);
            c.Response.SetRcode(ResponseCode.NXDomain);
            c.Response.Authority.Add(FakeZones.Soa);
        });

        var context = harness.Run(LbHarness.Query("alias.lab.test.", RecordType.A));

        Assert.Equal(ResponseCode.NoError, context.Response.Rcode);
        Assert.Equal(2, context.Response.Answer.Count);
        Assert.Equal(Www, context.Response.Answer[1].Owner);
    }

    [Fact]
    public void Stage_OtherTypeAtPoolName_NoDataKeepsSoa()
    {
        var harness = new LbHarness(LbHarness.Example());

        var context = harness.Run(LbHarness.Query("www.lab.test.", RecordType.MX));

        Assert.Equal(ResponseCode.NoError, context.Response.Rcode);
        Assert.Equal(0, context.Response.Answer.Count);
        Assert.Equal(RecordType.SOA, context.Response.Authority[0].Type);
    }

    [Fact]
    public void Stage_NameWithoutPool_LeftAsTheZoneAnswered()
    {
        var harness = new LbHarness(LbHarness.Example());

        var context = harness.Run(LbHarness.Query("mail.lab.test.", RecordType.A));

        Assert.Equal(ResponseCode.NXDomain, context.Response.Rcode);
        Assert.Equal(AnswerSource.Authoritative, context.AnsweredBy);
    }

    [Fact]
    public void Stage_RotateRRsets_RotatesCopyNotZoneArray()
    {
        var set = new ResponseRRset(DnsName.Parse("ns.lab.test."), RecordType.A, RecordClass.IN, 300,
            new RData[] { new ARData(1), new ARData(2), new ARData(3) });
        var harness = new LbHarness(new LoadBalancingOptions { RotateRRsets = true }, c => c.Response.Answer.Add(set));
        var query = LbHarness.Query("ns.lab.test.", RecordType.A);

        var firsts = Enumerable.Range(0, 3).Select(_ => LbHarness.Addresses(harness.Run(query))[0]).ToHashSet();

        Assert.Equal(3, firsts.Count);
        Assert.Equal("0.0.0.1", set.Records.Span[0].ToString());
    }
}
