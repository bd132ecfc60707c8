using System.Net;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;

namespace DnsServer.Recursive.Tests;

public sealed class AccessStageTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.1.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("128.0.0.1", false)]
    [InlineData("::2", false)]
    [InlineData("192.0.2.1", false)]
    public void AccessStage_DefaultLoopback_AllowsOnlyLoopback(string client, bool allowed)
    {
        var stage = new RecursionAccessStage(RecursionAccessStage.Loopback);

        Assert.Equal(allowed, stage.IsAllowed(ClientAddress.FromIPAddress(IPAddress.Parse(client))));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("11.0.0.0", false)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    public void AccessStage_ConfiguredPrefixes_MatchByCidr(string client, bool allowed)
    {
        var stage = new RecursionAccessStage(AddressPrefix.ParseList("10.0.0.0/8, 2001:db8::/32,192.0.2.7"));

        Assert.Equal(allowed, stage.IsAllowed(ClientAddress.FromIPAddress(IPAddress.Parse(client))));
    }

    [Fact]
    public void AccessStage_AllIPv4_DoesNotMatchIPv6()
    {
        var stage = new RecursionAccessStage(AddressPrefix.ParseList("0.0.0.0/0"));

        Assert.True(stage.IsAllowed(ClientAddress.FromIPAddress(IPAddress.Parse("203.0.113.1"))));
        Assert.False(stage.IsAllowed(ClientAddress.FromIPAddress(IPAddress.Parse("2001:db8::1"))));
    }

    [Fact]
    public void AccessStage_BadPrefix_Throws()
    {
        Assert.Throws<FormatException>(() => AddressPrefix.Parse("10.0.0.0/33"));
        Assert.Throws<FormatException>(() => AddressPrefix.Parse("not-an-address"));
    }

    [Fact]
    public void RecursiveStage_ClientNotAllowed_RefusedWithoutRa()
    {
        var net = new MiniInternet();

        var response = net.Query("www.example.test.", RecordType.A, client: "192.0.2.1");

        Assert.Equal(ResponseCode.Refused, response.ResponseCode);
        Assert.True((response.Flags & DnsHeader.RAFlag) == 0);
        Assert.Equal(0, net.Transport.Count);
    }
}
