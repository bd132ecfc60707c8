using System.Reflection;
using DnsServer.Api;
using DnsServer.Api.Zones;
using DnsServer.Authoritative.Loading;
using DnsServer.Authoritative.Transfers;
using DnsServer.Configuration;
using DnsServer.LoadBalancing;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Observability;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Recursive;
using DnsServer.Storage;
using DnsServer.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer;

/// <summary>The composition root: wires zones, the pipeline and the listeners into one host.</summary>
internal static class ServerHost
{
    public static async Task RunAsync(ServerOptions options, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddConfiguration(configuration);
        // A line per HTTP request would drown the log while the console polls every second; the
        // configuration's Logging section can still turn them on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var zoneSources = new ZoneSourceOptions
        {
            Directory = ResolveZoneDirectory(options),
            EmbeddedSamples = typeof(ServerHost).Assembly,
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(zoneSources);
        builder.Services.AddSingleton<ZoneService>();
        builder.Services.AddSingleton(s => s.GetRequiredService<ZoneService>().Prefetcher);
        builder.Services.AddSingleton(new TransferPolicy(options.Transfers, options.TsigKeys));
        builder.Services.AddSingleton(s => new TransferService(
            s.GetRequiredService<ZoneService>(), s.GetRequiredService<TransferPolicy>(), options.Data,
            s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILoggerFactory>(), s.GetRequiredService<ZoneDatabase>()));
        builder.Services.AddHostedService(s => s.GetRequiredService<TransferService>());
        builder.Services.AddSingleton(ListenerOptions(options));
        builder.Services.AddSingleton(BuildPipeline);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<QueryMetrics>();
        builder.Services.AddSingleton<IMetricsSource>(services => services.GetRequiredService<QueryMetrics>());
        builder.Services.AddSingleton(services => new ZoneDatabase(options.Data, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<ZoneDatabase>>()));
        builder.Services.AddSingleton<ZoneEditor>();
        AddLoadBalancing(builder.Services, configuration);
        if (options.Recursion.Enabled)
        {
            builder.Services.AddSingleton(options.Recursion);
            builder.Services.AddSingleton(LoadRootHints);
            builder.Services.AddSingleton<RecursiveResolver>();
            builder.Services.AddHostedService(services => services.GetRequiredService<RecursiveResolver>());
            builder.Services.AddSingleton(services => services.GetRequiredService<RecursiveResolver>().Metrics);
        }

        builder.Services.AddSingleton(Control.ControlPath.In(options.Data));
        builder.Services.AddHostedService<Control.ControlServer>();
        builder.Services.AddHostedService<ZoneReloadService>();
        builder.Services.AddSingleton<DnsListenerService>();

        if (options.QueryLog.Enabled)
        {
            builder.Services.AddSingleton(services => new QueryLogWriter(options.QueryLog.Path, options.QueryLog.Capacity, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<QueryLogWriter>>()));
            builder.Services.AddSingleton<IQueryLogSink>(services => services.GetRequiredService<QueryLogWriter>());
            builder.Services.AddSingleton<IMetricsSource>(services => services.GetRequiredService<QueryLogWriter>());
            builder.Services.AddHostedService(services => services.GetRequiredService<QueryLogWriter>());
        }

        // The API starts first, so that once DNS answers the API does too.
        if (ApiOptions.ParseEndpoint(options.Http) is { } http)
        {
            builder.Services.AddSingleton(services => CreateApiServer(services, options, http));
            builder.Services.AddHostedService(services => services.GetRequiredService<ApiServer>());
        }

        builder.Services.AddHostedService(services => services.GetRequiredService<DnsListenerService>());

        var pidFile = new PidFile(options.Data);
        using var host = builder.Build();

        // The transfer service hooks the zone swaps (journal, NOTIFY) before the first load. The
        // database's zones come first, so a file zone they hide never looks like a change to them;
        // then their stored IXFR journals are read back.
        var transfers = host.Services.GetRequiredService<TransferService>();
        var zones = host.Services.GetRequiredService<ZoneService>();
        host.Services.GetRequiredService<ZoneDatabase>().LoadInto(zones);
        zones.Load();
        transfers.RestoreJournals();
        host.Services.GetRequiredService<LoadBalancingService>().ApplyAtStart();
        pidFile.Write();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // RunAsync disposes the host: nothing from its services may be used here.
            pidFile.Delete();
        }
    }

    /// <summary>
    /// Pools, health checks, faults and their events (docs/load-balancing.md). The policy stage is
    /// always in the pipeline; without pools it costs a field read per query.
    /// </summary>
    private static void AddLoadBalancing(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IZoneDirectory>(s => s.GetRequiredService<ZoneService>());
        services.AddSingleton<HealthViewHolder>();
        services.AddSingleton(s => new EventList(new LoadBalancingOptions().EventListSize, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventSink>(s => s.GetRequiredService<EventList>());
        services.AddSingleton<FaultInjector>();
        services.AddSingleton(s => new HealthMonitor(
            s.GetRequiredService<HealthViewHolder>(), s.GetRequiredService<EventList>(), s.GetRequiredService<FaultInjector>(),
            s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<HealthMonitor>>()));
        services.AddSingleton(s =>
        {
            var balancer = new LoadBalancer(
                s.GetRequiredService<IZoneDirectory>(), s.GetRequiredService<HealthViewHolder>(), s.GetRequiredService<IEventSink>(),
                s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<LoadBalancer>>());
            // Health checks follow every model the balancer takes: from the file or from the API.
            balancer.ModelChanged += s.GetRequiredService<HealthMonitor>().Apply;
            return balancer;
        });
        services.AddSingleton(s => new LoadBalancingConfiguration(
            s.GetRequiredService<LoadBalancer>(), new Api.Balancing.DatabasePolicyStore(s.GetRequiredService<ZoneDatabase>())));
        services.AddSingleton<IMetricsSource>(s => new LoadBalancingMetrics(s.GetRequiredService<LoadBalancer>(), s.GetRequiredService<HealthMonitor>()));
        services.AddSingleton<Control.LoadBalancingControl>();
        services.AddSingleton(s => new LoadBalancingService(
            configuration, s.GetRequiredService<LoadBalancingConfiguration>(), s.GetRequiredService<HealthMonitor>(),
            s.GetRequiredService<EventList>(), s.GetRequiredService<ILogger<LoadBalancingService>>()));
        services.AddHostedService(s => s.GetRequiredService<LoadBalancingService>());
    }

    private static ApiServer CreateApiServer(IServiceProvider services, ServerOptions options, System.Net.IPEndPoint endpoint)
    {
        var listeners = services.GetRequiredService<DnsListenerService>();
        var api = new ApiOptions
        {
            Endpoint = endpoint,
            DataDirectory = options.Data,
            ReportsDirectory = options.Experiments.ReportsDirectory ?? Path.Combine(options.Data, "experiments"),
            Version = typeof(ServerHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
            Listeners = () => [.. listeners.UdpEndpoints.Select(e => $"udp {e}"), .. listeners.TcpEndpoints.Select(e => $"tcp {e}")],
        };
        return new ApiServer(
            api,
            services.GetRequiredService<ZoneEditor>(),
            options.Recursion.Enabled ? services.GetRequiredService<RecursiveResolver>() : null,
            services.GetServices<IMetricsSource>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>(),
            new Api.Balancing.BalancingServices(
                services.GetRequiredService<LoadBalancingConfiguration>(), services.GetRequiredService<LoadBalancer>(),
                services.GetRequiredService<HealthMonitor>(), services.GetRequiredService<FaultInjector>(), services.GetRequiredService<EventList>()));
    }

    /// <summary>The default <c>zones</c> folder is used when present; otherwise the samples built in.</summary>
    private static string? ResolveZoneDirectory(ServerOptions options)
    {
        if (options.Zones is not null)
        {
            return options.Zones;
        }

        return Directory.Exists("zones") ? "zones" : null;
    }

    private static DnsListenerOptions ListenerOptions(ServerOptions options)
    {
        var listener = new DnsListenerOptions
        {
            UdpThreads = options.Threads,
            UdpBatching = options.UdpBatching,
            MaxTcpConnections = options.Tcp.MaxConnections,
            TcpIdleTimeout = options.Tcp.IdleTimeout,
            MaxTcpQueriesInFlight = options.Tcp.MaxQueriesInFlight,
        };
        var endpoints = options.Listen.Count > 0
            ? options.Listen.Select(ServerOptions.ParseEndpoint).ToArray()
            : DnsListenerOptions.DefaultEndpoints();
        foreach (var endpoint in endpoints)
        {
            listener.Endpoints.Add(endpoint);
        }

        listener.Validate();
        return listener;
    }

    /// <summary>
    /// The stages in ARCHITECTURE.md's order, outermost first: diagnostics, validation, recursion
    /// access, dynamic update, transfers and NOTIFY (they write their own messages), finalizer, answer policies
    /// (load balancing), secondary zones, our zones, the resolver; REFUSED when none answers.
    /// </summary>
    private static QueryDelegate BuildPipeline(IServiceProvider services)
    {
        var options = services.GetRequiredService<ServerOptions>();
        var transfers = services.GetRequiredService<TransferService>();
        var diagnostics = new DiagnosticsStage(services.GetRequiredService<QueryMetrics>(), services.GetService<IQueryLogSink>(), services.GetRequiredService<TimeProvider>());
        var builder = new QueryPipelineBuilder().Use(diagnostics).Use(new ValidationStage([OpCode.Query, OpCode.Notify, OpCode.Update]));
        if (options.Recursion.Enabled)
        {
            builder.Use(new RecursionAccessStage(ServerConfiguration.RecursionPrefixes(options)));
        }

        builder.Use(transfers.CreateUpdateStage(services.GetRequiredService<ZoneEditor>()))
            .Use(transfers.Stage)
            .Use(new ResponseFinalizerStage())
            .Use(services.GetRequiredService<LoadBalancer>().Stage)
            .Use(transfers.SecondaryStage)
            .Use(services.GetRequiredService<ZoneService>().Stage);
        if (options.Recursion.Enabled)
        {
            builder.Use(services.GetRequiredService<RecursiveResolver>().Stage);
        }

        return builder.Build();
    }

    private static RootHints LoadRootHints(IServiceProvider services)
    {
        var options = services.GetRequiredService<ServerOptions>();
        if (options.Recursion.RootHints is not { } path)
        {
            return RootHints.BuiltIn;
        }

        var hints = RootHints.Load(path);
        Recursive.Log.RootHintsLoaded(services.GetRequiredService<ILoggerFactory>().CreateLogger("DnsServer"), path, hints.Servers.Count, hints.AddressCount);
        return hints;
    }
}

/// <summary>The running server's process id in the data folder, for <c>dnsserver reload</c>.</summary>
internal sealed class PidFile(string dataDirectory)
{
    public const string FileName = "dnsserver.pid";

    public string Path => System.IO.Path.Combine(dataDirectory, FileName);

    public void Write()
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(Path, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Delete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
