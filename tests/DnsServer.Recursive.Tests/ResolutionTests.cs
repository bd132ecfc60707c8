using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Recursive.Tests;

public sealed class ResolutionTests
{
    private static string[] Answers(DnsMessage message) => [.. message.Answers.Select(r => $"{r.Name} {r.Type} {r.Data}")];

    [Fact]
    public void Resolve_GluedDelegation_AnswersAndSecondQueryStaysInCache()
    {
        var net = new MiniInternet();

        var first = net.Query("www.example.test.", RecordType.A);
        int upstream = net.Transport.Count;
        net.Time.Advance(TimeSpan.FromSeconds(100));
        var second = net.Query("www.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, first.ResponseCode);
        Assert.Equal(["www.example.test. A 192.0.2.1"], Answers(first));
        Assert.True((first.Flags & DnsHeader.RAFlag) != 0);
        Assert.Equal(upstream, net.Transport.Count);
        Assert.Equal(300u, first.Answers[0].Ttl);
        Assert.Equal(200u, second.Answers[0].Ttl);
    }

    [Fact]
    public void Resolve_QnameMinimisation_RootSeesOnlyTheTld()
    {
        var net = new MiniInternet();

        net.Query("www.example.test.", RecordType.A);

        var toRoot = net.Transport.Queries.Where(q => q.Server.Equals(IPAddress.Parse("10.0.0.1"))).Select(q => q.Question).ToList();
        Assert.All(toRoot, q => Assert.Equal("test.", q.Name.ToString()));
        Assert.Contains(net.Transport.Queries, q => q.Question.Name.ToString() == "example.test." && q.Question.Type == RecordType.A);
    }

    [Fact]
    public void Resolve_MinimisationOff_RootSeesTheFullName()
    {
        var net = new MiniInternet(new RecursiveOptions { QnameMinimisation = false });

        var response = net.Query("www.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Equal("www.example.test.", net.Transport.Queries.First().Question.Name.ToString());
    }

    [Fact]
    public void Resolve_GluelessDelegation_ResolvesNameServerBySideQuery()
    {
        var net = new MiniInternet();

        var response = net.Query("www.glueless.test.", RecordType.A);

        Assert.Equal(["www.glueless.test. A 192.0.2.2"], Answers(response));
        Assert.Contains(net.Transport.Queries, q => q.Question.Name.ToString() == "nsg.other.");
    }

    [Fact]
    public void Resolve_CnameAcrossZones_WholeChainInAnswer()
    {
        var net = new MiniInternet();

        var response = net.Query("cross.example.test.", RecordType.A);

        Assert.Equal(["cross.example.test. CNAME www.glueless.test.", "www.glueless.test. A 192.0.2.2"], Answers(response));
    }

    [Fact]
    public void Resolve_CnameToOtherTld_WholeChainInAnswer()
    {
        var net = new MiniInternet();

        var response = net.Query("alias.example.test.", RecordType.A);

        Assert.Equal(["alias.example.test. CNAME target.other.", "target.other. A 192.0.2.50"], Answers(response));
    }

    [Fact]
    public void Resolve_Dname_SynthesizedCnameAndTargetInAnswer()
    {
        var net = new MiniInternet();

        var response = net.Query("x.d.example.test.", RecordType.A);

        Assert.Equal(
            ["d.example.test. DNAME glueless.test.", "x.d.example.test. CNAME x.glueless.test.", "x.glueless.test. A 192.0.2.3"],
            Answers(response));
    }

    [Fact]
    public void Resolve_NxDomain_SoaInAuthorityAndCachedForSoaMinimum()
    {
        var net = new MiniInternet();

        var first = net.Query("nope.example.test.", RecordType.A);
        int upstream = net.Transport.Count;
        net.Time.Advance(TimeSpan.FromSeconds(59));
        var cached = net.Query("nope.example.test.", RecordType.A);
        int afterCached = net.Transport.Count;
        net.Time.Advance(TimeSpan.FromSeconds(2));
        net.Query("nope.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NXDomain, first.ResponseCode);
        Assert.Equal(RecordType.SOA, Assert.Single(first.Authority).Type);
        Assert.Equal(60u, first.Authority[0].Ttl);
        Assert.Equal(ResponseCode.NXDomain, cached.ResponseCode);
        Assert.Equal(1u, cached.Authority[0].Ttl);
        Assert.Equal(upstream, afterCached);
        Assert.True(net.Transport.Count > afterCached);
    }

    [Fact]
    public void Resolve_NoData_NoErrorWithSoaAndCached()
    {
        var net = new MiniInternet();

        var first = net.Query("www.example.test.", RecordType.AAAA);
        int upstream = net.Transport.Count;
        var second = net.Query("www.example.test.", RecordType.AAAA);

        Assert.Equal(ResponseCode.NoError, first.ResponseCode);
        Assert.Empty(first.Answers);
        Assert.Equal(RecordType.SOA, Assert.Single(first.Authority).Type);
        Assert.Equal(ResponseCode.NoError, second.ResponseCode);
        Assert.Equal(upstream, net.Transport.Count);
    }

    [Fact]
    public void Resolve_LameRefusingAndSilentServers_SkippedForWorkingOne()
    {
        var net = new MiniInternet();
        var zone = FakeAuthority.Records("""
            test.             3600 SOA ns1.test. admin.test. 1 3600 600 86400 300
            lame.test.        3600 NS  ns1.lame.test.
            lame.test.        3600 NS  ns2.lame.test.
            lame.test.        3600 NS  ns3.lame.test.
            lame.test.        3600 NS  ns4.lame.test.
            ns1.lame.test.    3600 A   10.0.5.1
            ns2.lame.test.    3600 A   10.0.5.2
            ns3.lame.test.    3600 A   10.0.5.3
            ns4.lame.test.    3600 A   10.0.5.4
            """, DnsName.Root);
        var ns = zone.Where(r => r.Type == RecordType.NS).ToList();
        var glue = zone.Where(r => r.Type == RecordType.A).ToList();
        net.Transport.Serve("10.0.1.1", q => q.Name.IsSubdomainOf(DnsName.Parse("lame.test."))
            ? FakeAuthority.Reply(q, ResponseCode.NoError, aa: false, authority: ns, additional: glue)
            : MiniInternet.Test.Answer(q));
        var good = new FakeAuthority("lame.test.", """
            lame.test.     60 SOA ns1.lame.test. admin.lame.test. 1 3600 600 86400 60
            www.lame.test. 60 A   192.0.2.9
            """);
        net.Transport
            .Serve("10.0.5.1", q => FakeAuthority.Reply(q, ResponseCode.Refused, aa: false))
            .Serve("10.0.5.2", q => FakeAuthority.Reply(q, ResponseCode.NoError, aa: false))
            .Serve("10.0.5.4", good);

        var response = net.Query("www.lame.test.", RecordType.A);

        Assert.Equal(["www.lame.test. A 192.0.2.9"], Answers(response));
    }

    [Fact]
    public void Resolve_AllServersSilent_ServFailWithNoReachableAuthority()
    {
        var net = new MiniInternet();
        net.Transport.Serve("10.0.3.1", _ => null);

        var response = net.Query("www.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        var ede = Assert.Single(response.Opt!.Options, o => o.Code == EdnsOptionCode.ExtendedError);
        Assert.Equal(22, (ede.Data.Span[0] << 8) | ede.Data.Span[1]);
    }

    [Fact]
    public void Resolve_ReferralUpward_TreatedAsLame()
    {
        var net = new MiniInternet();
        var rootNs = FakeAuthority.Records(". 3600 NS a.root-servers.test.");
        net.Transport.Serve("10.0.3.1", q => FakeAuthority.Reply(q, ResponseCode.NoError, aa: false, authority: rootNs));

        var response = net.Query("www.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        Assert.Equal(1, net.Transport.Queries.Count(q => q.Server.Equals(IPAddress.Parse("10.0.3.1"))));
    }
}
