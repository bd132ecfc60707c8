using System.Net;
using DnsServer.Authoritative.Loading;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Pipeline.Stages;
using DnsServer.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsServer.Integration.Tests.Allocation;

/// <summary>
/// The server inside the test process, composed as ServerHost composes it with recursion off
/// (<c>Recursion:Enabled</c> false): diagnostics (metrics on, query log off), validation, response finalizer, the zone stage over the
/// repository's zones/. It listens on 127.0.0.1 on a port the system picks, so its allocations can
/// be counted with the GC's own counters and no query leaves the machine.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly DnsListenerService _listeners;

    private InProcessServer(DnsListenerService listeners)
    {
        _listeners = listeners;
        Endpoint = listeners.UdpEndpoints[0];
    }

    /// <summary>The metrics the outermost stage counts into, as in the server.</summary>
    public static QueryMetrics Metrics { get; } = new();

    /// <summary>The UDP and TCP endpoint (one port for both).</summary>
    public IPEndPoint Endpoint { get; }

    public static async Task<InProcessServer> StartAsync(bool udpBatching)
    {
        var zones = new ZoneService(new ZoneSourceOptions { Directory = RepositoryPaths.SampleZones }, NullLogger<ZoneService>.Instance);
        var loaded = zones.Load();
        Assert.All(loaded, result => Assert.Empty(result.Errors));

        var pipeline = new QueryPipelineBuilder()
            .Use(new DiagnosticsStage(Metrics, null, TimeProvider.System))
            .Use(new ValidationStage())
            .Use(new ResponseFinalizerStage())
            .Use(zones.Stage)
            .Build();
        var options = new DnsListenerOptions { UdpThreads = 1, UdpBatching = udpBatching };
        options.Endpoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        var listeners = new DnsListenerService(options, pipeline, NullLogger<DnsListenerService>.Instance);
        try
        {
            await listeners.StartAsync(CancellationToken.None);
        }
        catch
        {
            listeners.Dispose();
            throw;
        }

        return new InProcessServer(listeners);
    }

    public async ValueTask DisposeAsync()
    {
        await _listeners.StopAsync(CancellationToken.None);
        _listeners.Dispose();
    }
}
