using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using DnsServer.Api.Balancing;
using DnsServer.Api.Zones;
using DnsServer.LoadBalancing;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Observability;
using DnsServer.Authoritative.Loading;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Storage;
using DnsServer.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsServer.Api.Tests;

/// <summary>
/// The API and a DNS listener in the test process, composed as the server composes them: zones
/// from a zone folder and the database, the pipeline with diagnostics outermost, Kestrel and UDP
/// on loopback ports the system picks.
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly ApiServer _api;
    private readonly DnsListenerService _listeners;
    private readonly ZoneDatabase _database;

    private ApiHost(string directory, ApiServer api, DnsListenerService listeners, ZoneDatabase database, QueryMetrics metrics)
    {
        Directory = directory;
        _api = api;
        _listeners = listeners;
        _database = database;
        Metrics = metrics;
        BaseAddress = new Uri($"http://{api.Endpoint}");
        DnsEndpoint = listeners.UdpEndpoints[0];
        Key = File.ReadAllText(Path.Combine(directory, "data", "api-key")).Trim();
    }

    public string Directory { get; }

    public Uri BaseAddress { get; }

    public IPEndPoint DnsEndpoint { get; }

    public string Key { get; }

    public QueryMetrics Metrics { get; }

    /// <summary>Starts over a fresh folder with one file zone, <c>file.test.</c>.</summary>
    public static async Task<ApiHost> StartAsync(long maxBodyBytes = 1024 * 1024, IQueryLogSink? queryLog = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("dnsserver-api-").FullName;
        var zonesFolder = System.IO.Directory.CreateDirectory(Path.Combine(directory, "zones")).FullName;
        File.WriteAllText(Path.Combine(zonesFolder, "file.test.zone"), """
            $ORIGIN file.test.
            @ 3600 IN SOA localhost. hostmaster.file.test. 1 7200 1800 1209600 300
            @ 3600 IN NS localhost.
            www 300 IN A 192.0.2.80
            """);
        var zones = new ZoneService(new ZoneSourceOptions { Directory = zonesFolder }, NullLogger<ZoneService>.Instance);
        zones.Load();
        var database = new ZoneDatabase(Path.Combine(directory, "data"), TimeProvider.System, NullLogger<ZoneDatabase>.Instance);
        database.LoadInto(zones);
        var metrics = new QueryMetrics();
        var balancing = Balancing(zones, database);
        var pipeline = new QueryPipelineBuilder()
            .Use(new DiagnosticsStage(metrics, queryLog, TimeProvider.System))
            .Use(new ValidationStage())
            .Use(new ResponseFinalizerStage())
            .Use(balancing.Balancer.Stage)
            .Use(zones.Stage)
            .Build();
        var listenerOptions = new DnsListenerOptions { UdpThreads = 1 };
        listenerOptions.Endpoints.Add(new IPEndPoint(IPAddress.Loopback, 0));
        var listeners = new DnsListenerService(listenerOptions, pipeline, NullLogger<DnsListenerService>.Instance);
        await listeners.StartAsync(CancellationToken.None);
        var options = new ApiOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            DataDirectory = Path.Combine(directory, "data"),
            MaxBodyBytes = maxBodyBytes,
            Version = "test",
            Listeners = () => [.. listeners.UdpEndpoints.Select(e => $"udp {e}")],
        };
        var api = new ApiServer(options, new ZoneEditor(zones, database, TimeProvider.System), null, [metrics, new LoadBalancingMetrics(balancing.Balancer, balancing.Monitor)], TimeProvider.System, NullLoggerFactory.Instance, balancing);
        await api.StartAsync(CancellationToken.None);
        return new ApiHost(directory, api, listeners, database, metrics);
    }

    /// <summary>Load balancing as the server composes it, its API changes kept in the database, no pools to start with.</summary>
    private static BalancingServices Balancing(ZoneService zones, ZoneDatabase database)
    {
        var health = new HealthViewHolder();
        var events = new EventList(1000, TimeProvider.System);
        var faults = new FaultInjector(events, TimeProvider.System, NullLogger<FaultInjector>.Instance);
        var monitor = new HealthMonitor(health, events, faults, TimeProvider.System, NullLogger<HealthMonitor>.Instance);
        var balancer = new LoadBalancer(zones, health, events, TimeProvider.System, NullLogger<LoadBalancer>.Instance);
        balancer.ModelChanged += monitor.Apply;
        var configuration = new LoadBalancingConfiguration(balancer, new DatabasePolicyStore(database));
        configuration.ApplyFile(new LoadBalancingOptions());
        return new BalancingServices(configuration, balancer, monitor, faults, events);
    }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Client(bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withKey)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Asks the DNS listener over UDP; null on timeout.</summary>
    public async Task<DnsMessage?> QueryAsync(string name, RecordType type, TimeSpan? timeout = null)
    {
        var query = new DnsMessage { Id = (ushort)Random.Shared.Next(65536), Questions = [new DnsQuestion(DnsName.Parse(name), type)] };
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.SendToAsync(query.ToArray(), DnsEndpoint);
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(2));
        try
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return DnsMessage.Parse(buffer.AsSpan(0, length));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync(CancellationToken.None);
        await _api.DisposeAsync();
        await _listeners.StopAsync(CancellationToken.None);
        _listeners.Dispose();
        _database.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
