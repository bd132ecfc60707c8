using DnsServer.Protocol;

namespace DnsServer.Api.Tests;

/// <summary><c>/metrics</c> read by a strict parser; the counters match the queries sent.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterQueries_CountThemByTypeAndRcode()
    {
        for (int i = 0; i < 7; i++)
        {
            Assert.NotNull(await _host.QueryAsync("www.file.test.", RecordType.A));
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.NotNull(await _host.QueryAsync("none.file.test.", RecordType.AAAA));
        }

        Assert.NotNull(await _host.QueryAsync("elsewhere.example.", RecordType.MX));
        using var client = _host.Client(withKey: false);

        var response = await client.GetAsync("/metrics");
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal(7, Value(samples, "dns_queries_total", ("transport", "udp"), ("qtype", "A"), ("rcode", "NOERROR")));
        Assert.Equal(3, Value(samples, "dns_queries_total", ("transport", "udp"), ("qtype", "AAAA"), ("rcode", "NXDOMAIN")));
        Assert.Equal(1, Value(samples, "dns_queries_total", ("transport", "udp"), ("qtype", "MX"), ("rcode", "REFUSED")));
        Assert.Equal(11, Value(samples, "dns_query_duration_seconds_count"));
        Assert.Equal(11, Value(samples, "dns_query_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(10, Value(samples, "dns_answers_by_stage_total", ("stage", "authoritative")));
        var buckets = samples.Where(s => s.Name == "dns_query_duration_seconds_bucket").Select(s => s.Value).ToList();
        Assert.Equal(buckets.Order(), buckets);
    }

    private static double Value(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Single(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;
}
