using System.Net.Sockets;
using DnsServer.LoadBalancing.Health;
using DnsServer.Protocol;

namespace DnsServer.LoadBalancing.Tests.Health;

public sealed class HealthProbeTests
{
    private static readonly DnsName Name = DnsName.Parse("health.test.");

    [Fact]
    public void Answers_ReplyWithOurIdAndQuestion_GivesItsResponseCode()
    {
        var reply = HealthProbe.BuildQuery(0x1234, Name, RecordType.A);
        reply[2] = 0x80;
        reply[3] = (byte)ResponseCode.ServFail;

        Assert.Equal(ResponseCode.ServFail, HealthProbe.Answers(reply, 0x1234, Name, RecordType.A));
        Assert.Null(HealthProbe.Answers(reply, 0x1235, Name, RecordType.A));
        Assert.Null(HealthProbe.Answers(reply, 0x1234, Name, RecordType.AAAA));
        Assert.Null(HealthProbe.Answers(HealthProbe.BuildQuery(0x1234, Name, RecordType.A), 0x1234, Name, RecordType.A));
        Assert.Null(HealthProbe.Answers(reply.AsSpan(0, 14), 0x1234, Name, RecordType.A));
    }

    [Fact]
    public void Describe_SocketErrorInsideHttpError_IsShortText()
    {
        var error = new HttpRequestException("failed", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("connection refused", HealthProbe.Describe(error));
    }
}
