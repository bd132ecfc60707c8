using System.Net;

namespace DnsServer.Experiments.Tests;

public sealed class TimelineActionsTests
{
    [Fact]
    public async Task SetWeight_ApiAnswers404_FailsSayingTheApiIsMissing()
    {
        var spec = ExperimentFile.Parse("""
            { "Name": "www.lab.test.", "Api": "http://127.0.0.1:5380",
              "Timeline": [ { "At": "00:00:01", "Action": "SetWeight", "Member": "web/127.0.0.22", "Weight": 3 } ] }
            """);
        using var handler = new StubHandler(HttpStatusCode.NotFound);
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:5380") };
        var actions = new TimelineActions(spec, new Dictionary<string, BackendHost>(), new ControlChannel("/nonexistent/control.sock"), http);

        string? error = await actions.RunAsync(spec.Timeline[0], CancellationToken.None);

        Assert.NotNull(error);
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("ConfigFile", error, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Put, handler.Request!.Method);
        Assert.Equal("/api/pools/web/members/127.0.0.22", handler.Request.RequestUri!.AbsolutePath);
        Assert.Equal("{\"weight\":3}", handler.Body);
    }

    [Fact]
    public async Task Fault_NoControlSocket_FailsNamingThePath()
    {
        var spec = ExperimentFile.Parse("""
            { "Name": "www.lab.test.", "Timeline": [ { "At": "00:00:01", "Action": "Fault", "Member": "web/127.0.0.22", "For": "00:00:20" } ] }
            """);
        var actions = new TimelineActions(spec, new Dictionary<string, BackendHost>(), new ControlChannel("/nonexistent/control.sock"), null);

        string? error = await actions.RunAsync(spec.Timeline[0], CancellationToken.None);

        Assert.Contains("/nonexistent/control.sock", error, StringComparison.Ordinal);
    }

    private sealed class StubHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status);
        }
    }
}
