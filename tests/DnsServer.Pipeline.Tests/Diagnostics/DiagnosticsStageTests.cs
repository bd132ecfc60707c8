using System.Diagnostics;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Pipeline.Tests.Diagnostics;

public sealed class DiagnosticsStageTests
{
    private static double DurationSum(QueryMetrics metrics)
    {
        var writer = new MetricsWriter();
        metrics.WriteTo(writer);
        var line = writer.ToString().Split('\n').Single(l => l.StartsWith("dns_query_duration_seconds_sum ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static QueryContext Received(long timestamp)
    {
        var context = new QueryContext();
        context.Reset(PipelineHarness.Query("www.example.test.", RecordType.A), TransportKind.Udp, default);
        context.ReceivedTimestamp = timestamp;
        return context;
    }

    [Fact]
    public void InvokeAsync_TransportTimestamp_CountsTheWaitSinceTheRead()
    {
        var metrics = new QueryMetrics();
        var stage = new DiagnosticsStage(metrics, null, TimeProvider.System);
        var context = Received(Stopwatch.GetTimestamp() - Stopwatch.Frequency / 20);

        var pending = stage.InvokeAsync(context, _ => ValueTask.CompletedTask);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.InRange(DurationSum(metrics), 0.05, 5);
    }

    [Fact]
    public void InvokeAsync_NoTransportTimestamp_TimesTheStagesOnly()
    {
        var metrics = new QueryMetrics();
        var stage = new DiagnosticsStage(metrics, null, TimeProvider.System);

        var pending = stage.InvokeAsync(Received(0), _ => ValueTask.CompletedTask);

        Assert.True(pending.IsCompletedSuccessfully);

        Assert.InRange(DurationSum(metrics), 0, 0.04);
    }

    [Fact]
    public void InvokeAsync_TestClock_IgnoresTheTransportTimestamp()
    {
        var metrics = new QueryMetrics();
        var time = new FakeTimeProvider();
        var stage = new DiagnosticsStage(metrics, null, time);

        var pending = stage.InvokeAsync(Received(Stopwatch.GetTimestamp() - Stopwatch.Frequency), _ =>
        {
            time.Advance(TimeSpan.FromMilliseconds(3));
            return ValueTask.CompletedTask;
        });

        Assert.True(pending.IsCompletedSuccessfully);

        Assert.Equal(0.003, DurationSum(metrics), 6);
    }
}
