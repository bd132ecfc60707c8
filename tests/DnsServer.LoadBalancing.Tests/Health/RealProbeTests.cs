using System.Net;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol;
using Xunit.Abstractions;

namespace DnsServer.LoadBalancing.Tests.Health;

/// <summary>Real probes against backends on 127.0.0.1, with short intervals and bounded waits.</summary>
public sealed class RealProbeTests(ITestOutputHelper output)
{
    private const string Member = "web/127.0.0.1";
    private const int IntervalMs = 200;
    private const int TimeoutMs = 150;

    [Fact]
    public async Task Tcp_ListenerStopsAndRestarts_GoesDownWithinFallAndUpAfterRise()
    {
        using var backend = new TcpBackend();
        await using var h = new MonitorHarness(realClockAndProbes: true);
        var check = TestModels.Check(HealthCheckKind.Tcp, IntervalMs, TimeoutMs, rise: 2, fall: 2, jitter: 0.1, initiallyUp: false);
        h.Monitor.Apply(Model(check, backend.Endpoint));
        var upLimit = Limit(check.Rise);
        var downLimit = Limit(check.Fall);

        var up = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Up, upLimit, "up");
        backend.Stop();
        var down = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Down, downLimit, "down after the listener stopped");
        Assert.Equal("connection refused", h.Status(Member).LastError);
        backend.Restart();
        var upAgain = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Up, upLimit, "up after the listener restarted");

        output.WriteLine($"tcp: up {up.TotalMilliseconds:0} ms, down {down.TotalMilliseconds:0} ms (limit {downLimit.TotalMilliseconds:0}), up again {upAgain.TotalMilliseconds:0} ms");
        Assert.Contains(h.HealthEvents, e => e.Message == "127.0.0.1 down: 2 failures (connection refused)");
    }

    [Fact]
    public async Task Http_StatusOrBodyMismatch_GoesDown()
    {
        using var backend = new TcpBackend { Respond = TcpBackend.HttpResponse(200, "ok") };
        await using var h = new MonitorHarness(realClockAndProbes: true);
        var check = TestModels.Check(HealthCheckKind.Http, IntervalMs, TimeoutMs, rise: 1, fall: 1, initiallyUp: false, bodyContains: "ok", expectMax: 299);
        h.Monitor.Apply(Model(check, backend.Endpoint));
        var limit = Limit(1);

        await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Up, limit, "up on 200 ok");
        backend.Respond = TcpBackend.HttpResponse(503, "ok");
        var down = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Down, limit, "down on 503");
        Assert.Equal("status 503", h.Status(Member).LastError);
        backend.Respond = TcpBackend.HttpResponse(200, "ok");
        await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Up, limit, "up on 200 ok again");
        backend.Respond = TcpBackend.HttpResponse(200, "maintenance");
        await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Down, limit, "down on a body without ok");

        output.WriteLine($"http: down {down.TotalMilliseconds:0} ms after 503");
        Assert.Equal("body lacks \"ok\"", h.Status(Member).LastError);
    }

    [Fact]
    public async Task Dns_NoErrorThenServFail_UpThenDown()
    {
        using var backend = new DnsBackend { ResponseCode = ResponseCode.NoError };
        await using var h = new MonitorHarness(realClockAndProbes: true);
        var check = TestModels.Check(HealthCheckKind.Dns, IntervalMs, TimeoutMs, rise: 1, fall: 2, initiallyUp: false);
        h.Monitor.Apply(Model(check, backend.Endpoint));

        var up = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Up, Limit(1), "up on NOERROR");
        backend.ResponseCode = ResponseCode.ServFail;
        var down = await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Down, Limit(check.Fall), "down on SERVFAIL");

        output.WriteLine($"dns: up {up.TotalMilliseconds:0} ms, down {down.TotalMilliseconds:0} ms");
        Assert.Equal("rcode SERVFAIL", h.Status(Member).LastError);
        Assert.True(h.Status(Member).LastLatency < TimeSpan.FromMilliseconds(TimeoutMs));
    }

    [Fact]
    public async Task Dns_NoServer_TimesOutOrIsRefused()
    {
        var backend = new DnsBackend();
        var endpoint = backend.Endpoint;
        backend.Dispose();
        await using var h = new MonitorHarness(realClockAndProbes: true);
        h.Monitor.Apply(Model(TestModels.Check(HealthCheckKind.Dns, IntervalMs, TimeoutMs, fall: 1), endpoint));

        await Wait.UntilAsync(() => h.View.Current[0] == MemberHealth.Down, Limit(1), "down without a server");
        Assert.Contains(h.Status(Member).LastError, new[] { "connection refused", $"timed out after {TimeoutMs} ms" });
    }

    /// <summary>Interval × checks (with jitter) + timeout + 1 s.</summary>
    private static TimeSpan Limit(int checks) => TimeSpan.FromMilliseconds((IntervalMs * 1.1 * checks) + TimeoutMs + 1000);

    private static LoadBalancingModel Model(HealthCheckSettings check, IPEndPoint endpoint) =>
        TestModels.Model(_ => endpoint, ("web", check, ["127.0.0.1"]));
}
