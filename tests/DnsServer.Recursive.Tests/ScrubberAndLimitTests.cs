using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Resolution;

namespace DnsServer.Recursive.Tests;

public sealed class ScrubberAndLimitTests
{
    [Fact]
    public void Scrubber_OutOfBailiwickAnswerAndAdditional_DroppedAndNotCached()
    {
        var net = new MiniInternet();
        var spoof = FakeAuthority.Records("""
            www.example.test. 300 A 192.0.2.1
            www.bank.other.   300 A 6.6.6.6
            """);
        var authority = FakeAuthority.Records("example.test. 300 NS ns.example.test.");
        var additional = FakeAuthority.Records("""
            ns.example.test. 300 A 10.0.3.1
            ns.other.        300 A 6.6.6.7
            evil.example.test. 300 A 6.6.6.8
            """);
        net.Transport.Serve("10.0.3.1", q => q.Name.ToString() == "www.example.test."
            ? FakeAuthority.Reply(q, ResponseCode.NoError, aa: true, answer: spoof, authority: authority, additional: additional)
            : MiniInternet.Example.Answer(q));

        var response = net.Query("www.example.test.", RecordType.A);

        Assert.Equal("192.0.2.1", ((ARData)Assert.Single(response.Answers).Data).Address.ToString());
        Assert.False(net.Resolver.Cache.TryGet(DnsName.Parse("www.bank.other."), RecordType.A, RecordClass.IN, out _));
        var rootServer = net.Resolver.Cache.TryGet(DnsName.Parse("ns.other."), RecordType.A, RecordClass.IN, out var cached);
        Assert.True(!rootServer || ((ARData)cached.Set!.Records[0]).Address.ToString() == "10.0.2.1");
        Assert.False(net.Resolver.Cache.TryGet(DnsName.Parse("evil.example.test."), RecordType.A, RecordClass.IN, out _));
    }

    [Fact]
    public void Scrubber_ReferralGlueOutsideBailiwick_Dropped()
    {
        var message = FakeAuthority.Reply(
            new DnsQuestion(DnsName.Parse("www.example.test."), RecordType.A),
            ResponseCode.NoError,
            aa: false,
            authority: FakeAuthority.Records("example.test. 300 NS ns.example.test.\nexample.test. 300 NS ns.elsewhere."),
            additional: FakeAuthority.Records("ns.example.test. 300 A 10.0.3.1\nns.elsewhere. 300 A 6.6.6.6"));

        var scrubbed = Scrubber.Scrub(message, message.Questions[0], DnsName.Parse("test."));

        Assert.Equal("ns.example.test.", Assert.Single(scrubbed.Additional).Name.ToString());
        Assert.Equal(ReplyKind.Referral, Classifier.Classify(scrubbed, DnsName.Parse("test.")).Kind);
    }

    [Fact]
    public void Scrubber_AuthorityNsForSiblingZone_Dropped()
    {
        var message = FakeAuthority.Reply(
            new DnsQuestion(DnsName.Parse("www.example.test."), RecordType.A),
            ResponseCode.NoError,
            aa: false,
            authority: FakeAuthority.Records("bank.test. 300 NS ns.example.test."));

        var scrubbed = Scrubber.Scrub(message, message.Questions[0], DnsName.Parse("test."));

        Assert.Empty(scrubbed.Authority);
        Assert.Equal(ReplyKind.Lame, Classifier.Classify(scrubbed, DnsName.Parse("test.")).Kind);
    }

    [Theory]
    [InlineData(ResponseCode.Refused)]
    [InlineData(ResponseCode.ServFail)]
    [InlineData(ResponseCode.FormErr)]
    [InlineData(ResponseCode.NotImp)]
    public void Classifier_ErrorRcode_Throwaway(ResponseCode rcode)
    {
        var question = new DnsQuestion(DnsName.Parse("www.example.test."), RecordType.A);
        var scrubbed = Scrubber.Scrub(FakeAuthority.Reply(question, rcode, aa: true), question, DnsName.Parse("example.test."));

        Assert.Equal(ReplyKind.Throwaway, Classifier.Classify(scrubbed, DnsName.Parse("example.test.")).Kind);
    }

    [Fact]
    public void Classifier_AnswerWithoutAa_Lame()
    {
        var question = new DnsQuestion(DnsName.Parse("www.example.test."), RecordType.A);
        var reply = FakeAuthority.Reply(question, ResponseCode.NoError, aa: false, answer: FakeAuthority.Records("www.example.test. 300 A 192.0.2.1"));

        var kind = Classifier.Classify(Scrubber.Scrub(reply, question, DnsName.Parse("example.test.")), DnsName.Parse("example.test.")).Kind;

        Assert.Equal(ReplyKind.Lame, kind);
    }

    [Fact]
    public void Limits_DelegationLoop_ServFailWithBoundedQueries()
    {
        var net = new MiniInternet();
        var loop = FakeAuthority.Records("""
            a.test. 300 NS ns.b.test.
            b.test. 300 NS ns.a.test.
            """);
        net.Transport.Serve("10.0.1.1", q =>
        {
            var zone = loop.Where(r => q.Name.IsSubdomainOf(r.Name)).ToList();
            return zone.Count > 0
                ? FakeAuthority.Reply(q, ResponseCode.NoError, aa: false, authority: zone)
                : MiniInternet.Test.Answer(q);
        });

        var response = net.Query("www.a.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        Assert.True(net.Transport.Count <= net.Options.MaxSubQueries, $"{net.Transport.Count} upstream queries");
    }

    [Fact]
    public void Limits_CnameLoop_ServFailWithEdeAndFewQueries()
    {
        var net = new MiniInternet();
        var loop = new FakeAuthority("example.test.", """
            example.test. 300 SOA ns.example.test. admin.example.test. 1 3600 600 86400 60
            a.example.test. 300 CNAME b.example.test.
            b.example.test. 300 CNAME a.example.test.
            """);
        net.Transport.Serve("10.0.3.1", loop);

        var response = net.Query("a.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        Assert.Contains(response.Opt!.Options, o => o.Code == Protocol.Edns.EdnsOptionCode.ExtendedError);
        Assert.True(net.Transport.Count < 10, $"{net.Transport.Count} upstream queries");
    }

    [Fact]
    public void Limits_EndlessReferralsDownward_StopAtSubQueryOrDepthLimit()
    {
        var options = new RecursiveOptions { MaxReferralDepth = 5, QnameMinimisation = true };
        var net = new MiniInternet(options);
        var glue = FakeAuthority.Records("ns.deep.test. 300 A 10.0.9.9");
        net.Transport.Serve("10.0.1.1", q => q.Name.IsSubdomainOf(DnsName.Parse("deep.test."))
            ? FakeAuthority.Reply(q, ResponseCode.NoError, aa: false, authority: FakeAuthority.Records("deep.test. 300 NS ns.deep.test."), additional: glue)
            : MiniInternet.Test.Answer(q));
        net.Transport.Serve("10.0.9.9", q =>
        {
            var cut = q.Name;
            var ns = new ResourceRecord(cut, RecordClass.IN, 300, new NsRData(DnsName.Parse("ns.deep.test.")));
            return FakeAuthority.Reply(q, ResponseCode.NoError, aa: false, authority: [ns]);
        });

        var response = net.Query("a.b.c.d.e.f.g.h.i.j.deep.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        Assert.True(net.Transport.Count <= 20, $"{net.Transport.Count} upstream queries");
    }

    [Fact]
    public void Limits_SubQueries_CappedPerClientQuery()
    {
        var options = new RecursiveOptions { MaxSubQueries = 3 };
        var net = new MiniInternet(options);

        var response = net.Query("www.glueless.test.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
        Assert.Equal(3, net.Transport.Count);
    }

    [Fact]
    public void Selection_FasterServer_PreferredAfterFeedback()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var selector = new Selection.ServerSelector(time, new Random(1));
        var fast = IPAddress.Parse("10.0.0.1");
        var slow = IPAddress.Parse("10.0.0.2");
        selector.ReportReply(fast, TimeSpan.FromMilliseconds(5));
        selector.ReportReply(slow, TimeSpan.FromMilliseconds(900));

        var picks = Enumerable.Range(0, 50).Select(_ => selector.Choose([fast, slow])).ToList();

        Assert.All(picks, p => Assert.Equal(fast, p));
    }

    [Fact]
    public void Selection_TimeoutsBackOff_OtherServerChosenAndTimeoutGrows()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var selector = new Selection.ServerSelector(time, new Random(1));
        var dead = IPAddress.Parse("10.0.0.1");
        var alive = IPAddress.Parse("10.0.0.2");
        selector.ReportReply(dead, TimeSpan.FromMilliseconds(100));
        var before = selector.Timeout(dead, TimeSpan.FromSeconds(10));
        selector.ReportTimeout(dead);
        selector.ReportTimeout(dead);

        Assert.True(selector.Timeout(dead, TimeSpan.FromSeconds(10)) > before);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(alive, selector.Choose([dead, alive])));
    }
}
