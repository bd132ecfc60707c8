using DnsServer.Protocol;

namespace DnsServer.Authoritative.Tests;

public sealed class AnswerBuilderTests
{
    private const string Example = """
        $TTL 300
        @        SOA  ns1 host 1 3600 600 86400 60
                 NS   ns1
                 MX   10 mail
        ns1      A    192.0.2.1
        mail     A    192.0.2.25
                 AAAA 2001:db8::25
        www      A    192.0.2.10
        alias    CNAME www
        chain    CNAME alias
        outside  CNAME www.other.test.
        loop1    CNAME loop2
        loop2    CNAME loop1
        _sip._udp SRV 0 0 5060 sip
        sip      A    192.0.2.50
        *.wild   A    192.0.2.80
        *.wc     CNAME www
        ent.sub.wild  TXT "blocks nothing above"
        x.y.block A   192.0.2.90
        *.block  A    192.0.2.91
        child    NS   ns.child
                 NS   ns.elsewhere.test.
                 DS   12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        ns.child A    192.0.2.53
        redirect DNAME other.test.
        long     DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.test.
        """;

    private const string Other = """
        $TTL 120
        @        SOA  ns1.example.test. host.example.test. 7 3600 600 86400 30
                 NS   ns1.example.test.
        www      A    198.51.100.1
        """;

    private readonly AuthoritativeHarness _server = new(("example.test.", Example), ("other.test.", Other));

    [Fact]
    public void ExactMatch_AnswerWithAAAndNoAuthority()
    {
        var response = _server.Ask("www.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.True(response.Has(DnsHeader.AAFlag));
        MessageAssert.Section(response.Answers, "www.example.test. 300 A 192.0.2.10");
        Assert.Empty(response.Authority);
    }

    [Fact]
    public void NameMissing_NXDomainWithSoaAtMinimumTtl()
    {
        var response = _server.Ask("nope.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NXDomain, response.ResponseCode);
        MessageAssert.Section(response.Authority, "example.test. 60 SOA ns1.example.test. host.example.test. 1 3600 600 86400 60");
    }

    [Fact]
    public void TypeMissing_NoDataWithSoa()
    {
        var response = _server.Ask("www.example.test.", RecordType.AAAA);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authority);
    }

    [Fact]
    public void CnameChain_FollowedInsideZone()
    {
        var response = _server.Ask("chain.example.test.", RecordType.A);

        MessageAssert.Section(
            response.Answers,
            "chain.example.test. 300 CNAME alias.example.test.",
            "alias.example.test. 300 CNAME www.example.test.",
            "www.example.test. 300 A 192.0.2.10");
    }

    [Fact]
    public void Cname_IntoAnotherServedZone_FollowedThere()
    {
        var response = _server.Ask("outside.example.test.", RecordType.A);

        Assert.True(response.Has(DnsHeader.AAFlag));
        MessageAssert.Section(
            response.Answers,
            "outside.example.test. 300 CNAME www.other.test.",
            "www.other.test. 120 A 198.51.100.1");
    }

    [Fact]
    public void CnameLoop_EndsWithoutRepeating()
    {
        var response = _server.Ask("loop1.example.test.", RecordType.A);

        Assert.Equal(2, response.Answers.Count);
    }

    [Fact]
    public void CnameQuery_ReturnsCnameItself()
    {
        var response = _server.Ask("alias.example.test.", RecordType.CNAME);

        MessageAssert.Section(response.Answers, "alias.example.test. 300 CNAME www.example.test.");
    }

    [Fact]
    public void Mx_AddsAddressesOfExchange()
    {
        var response = _server.Ask("example.test.", RecordType.MX);

        MessageAssert.Section(response.Additional, "mail.example.test. 300 A 192.0.2.25", "mail.example.test. 300 AAAA 2001:db8::25");
    }

    [Fact]
    public void Srv_AddsAddressOfTarget()
    {
        var response = _server.Ask("_sip._udp.example.test.", RecordType.SRV);

        MessageAssert.Section(response.Additional, "sip.example.test. 300 A 192.0.2.50");
    }

    [Fact]
    public void Wildcard_SynthesizedAtQName()
    {
        var response = _server.Ask("anything.wild.example.test.", RecordType.A);

        MessageAssert.Section(response.Answers, "anything.wild.example.test. 300 A 192.0.2.80");
        Assert.True(response.Has(DnsHeader.AAFlag));
    }

    [Fact]
    public void Wildcard_EmptyNonTerminalBlocksIt_NoData()
    {
        // sub.wild exists as an empty non-terminal (RFC 4592 §2.2.2), so the wildcard does not apply.
        var response = _server.Ask("sub.wild.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public void Wildcard_BelowExistingName_ClosestEncloserRule()
    {
        // y.block exists (empty non-terminal); z.y.block's closest encloser is y.block, which has no wildcard.
        var response = _server.Ask("z.y.block.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NXDomain, response.ResponseCode);
    }

    [Fact]
    public void WildcardCname_FollowedFromQName()
    {
        var response = _server.Ask("foo.wc.example.test.", RecordType.A);

        MessageAssert.Section(
            response.Answers,
            "foo.wc.example.test. 300 CNAME www.example.test.",
            "www.example.test. 300 A 192.0.2.10");
    }

    [Fact]
    public void BelowDelegation_ReferralWithGlue()
    {
        var response = _server.Ask("host.child.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.False(response.Has(DnsHeader.AAFlag));
        Assert.Empty(response.Answers);
        MessageAssert.Section(response.Authority, "child.example.test. 300 NS ns.child.example.test.", "child.example.test. 300 NS ns.elsewhere.test.");
        MessageAssert.Section(response.Additional, "ns.child.example.test. 300 A 192.0.2.53");
    }

    [Fact]
    public void AtDelegation_DsAnsweredByParent()
    {
        var response = _server.Ask("child.example.test.", RecordType.DS);

        Assert.True(response.Has(DnsHeader.AAFlag));
        Assert.Single(response.Answers);
    }

    [Fact]
    public void Dname_SynthesizesCnameAndFollowsIntoOtherZone()
    {
        var response = _server.Ask("www.redirect.example.test.", RecordType.A);

        MessageAssert.Section(
            response.Answers,
            "redirect.example.test. 300 DNAME other.test.",
            "www.redirect.example.test. 300 CNAME www.other.test.",
            "www.other.test. 120 A 198.51.100.1");
    }

    [Fact]
    public void Dname_ResultTooLong_YXDomain()
    {
        // Two 40-octet labels under a DNAME whose target takes 189 octets: 271 octets, over 255.
        var label = new string('x', 40);
        var response = _server.Ask($"{label}.{label}.long.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.YXDomain, response.ResponseCode);
        Assert.Single(response.Answers);
    }

    [Fact]
    public void NameOutsideZones_Refused()
    {
        var response = _server.Ask("www.example.org.", RecordType.A);

        Assert.Equal(ResponseCode.Refused, response.ResponseCode);
        Assert.False(response.Has(DnsHeader.AAFlag));
    }

    [Fact]
    public void Any_ReturnsEveryRRsetAtName()
    {
        var response = _server.Ask("mail.example.test.", RecordType.ANY);

        Assert.Equal(2, response.Answers.Count);
    }

    [Fact]
    public void QNameCase_EchoedInQuestionAndAnswer()
    {
        var response = _server.Ask("WWW.Example.TEST.", RecordType.A);

        Assert.Equal("WWW.Example.TEST.", response.Questions[0].Name.ToString());
        Assert.Equal("WWW.Example.TEST.", response.Answers[0].Name.ToString());
    }

    [Fact]
    public void AuthoritativeQuery_AfterWarmUp_AllocatesNothing()
    {
        var request = AuthoritativeHarness.Query("www.example.test.", RecordType.A, ednsSize: 1232);
        for (int i = 0; i < 100; i++)
        {
            _server.Run(request);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _server.Run(request);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
