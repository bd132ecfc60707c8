using System.Net;
using DnsServer.Protocol;

namespace DnsServer.Recursive.Tests;

/// <summary>RFC 2181 §5.4.1 and bailiwick rules for what may become a client's answer.</summary>
public sealed class AnswerTrustTests
{
    private static bool Asked(MiniInternet net, string server, string name, RecordType type) =>
        net.Transport.Queries.Any(q => q.Server.Equals(IPAddress.Parse(server)) && q.Question.Name.ToString() == name && q.Question.Type == type);

    [Fact]
    public void CachedGlue_NotServedAsAnswer_AskedOfTheZone()
    {
        var net = new MiniInternet();
        net.Query("www.example.test.", RecordType.A);

        var response = net.Query("ns.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Single(response.Answers);
        Assert.True(Asked(net, "10.0.3.1", "ns.example.test.", RecordType.A));
    }

    [Fact]
    public void CachedReferralNs_NotServedAsAnswer_AskedOfTheChild()
    {
        var net = new MiniInternet();
        net.Query("www.example.test.", RecordType.A);

        var response = net.Query("example.test.", RecordType.NS);

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.True(Asked(net, "10.0.3.1", "example.test.", RecordType.NS));
    }

    [Fact]
    public void CnameOutOfBailiwickWithNxDomain_TargetAskedOfItsOwnServers()
    {
        // A server that also follows the CNAME into a zone it is not asked about (as NSD does for
        // zones it holds) sends NXDOMAIN and that zone's SOA; neither may be believed.
        var net = new MiniInternet();
        net.Transport.Serve("10.0.3.1", question =>
        {
            if (question.Name.ToString() != "dangling.example.test.")
            {
                return MiniInternet.Example.Answer(question);
            }

            return new DnsMessage
            {
                Flags = (ushort)(DnsHeader.QRFlag | DnsHeader.AAFlag | (int)ResponseCode.NXDomain),
                Questions = [question],
                Answers = [.. FakeAuthority.Records("dangling.example.test. 300 CNAME nothere.other.")],
                Authority = [.. FakeAuthority.Records("other. 3600 SOA ns.other. admin.other. 1 3600 600 86400 300")],
            };
        });

        var response = net.Query("dangling.example.test.", RecordType.A);

        Assert.Equal(ResponseCode.NXDomain, response.ResponseCode);
        Assert.Equal("dangling.example.test.", response.Answers.Single().Name.ToString());
        Assert.Equal("other.", response.Authority.Single(r => r.Type == RecordType.SOA).Name.ToString());
        Assert.True(Asked(net, "10.0.2.1", "nothere.other.", RecordType.A));
    }
}
