using System.Net;
using DnsServer.Api.Balancing;
using DnsServer.Api.Endpoints;
using DnsServer.Api.Http;
using DnsServer.Api.WebConsole;
using DnsServer.Api.Zones;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Recursive;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Api;

/// <summary>
/// The HTTP API in the server's process: Kestrel on one endpoint, bound in <see cref="StartAsync"/>
/// so that a taken port fails start-up, then the endpoint really bound is logged and kept in
/// <see cref="Endpoint"/> (STYLE.md point 12). Off the query path: it reads the served snapshots
/// and changes zones through <see cref="ZoneEditor"/>.
/// </summary>
public sealed class ApiServer : IHostedService, IAsyncDisposable
{
    private readonly ApiOptions _options;
    private readonly ZoneEditor _editor;
    private readonly RecursiveResolver? _resolver;
    private readonly IReadOnlyList<IMetricsSource> _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly BalancingServices? _balancing;
    private WebApplication? _app;

    public ApiServer(ApiOptions options, ZoneEditor editor, RecursiveResolver? resolver, IEnumerable<IMetricsSource> metrics, TimeProvider time, ILoggerFactory loggers, BalancingServices? balancing = null)
    {
        _balancing = balancing;
        _options = options;
        _editor = editor;
        _resolver = resolver;
        _metrics = [.. metrics];
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("DnsServer.Api");
    }

    /// <summary>The endpoint bound, once started.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = ApiKey.LoadOrCreate(_options.DataDirectory);
        if (key.Created)
        {
            Log.ApiKeyCreated(_logger, key.Path, key.Value);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "dnsserver", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggers);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // The slim builder's core Kestrel: plain HTTP only, so neither the QUIC transport nor the
        // HTTPS configuration is loaded (a few MB of resident memory for nothing).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxBodyBytes;
            kestrel.Listen(_options.Endpoint);
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.WriteIndented = false;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        builder.Services.AddOpenApi(OpenApiDocument.Configure);
        builder.Services.AddSingleton(_options);
        builder.Services.AddSingleton(_editor);
        builder.Services.AddSingleton(_editor.Zones);
        builder.Services.AddSingleton(new ResolverAccess(_resolver));
        builder.Services.AddSingleton(new ServerClock(_time, _time.GetUtcNow()));
        if (_balancing is not null)
        {
            builder.Services.AddSingleton(_balancing);
        }

        foreach (var source in _metrics)
        {
            builder.Services.AddSingleton(source);
        }

        var app = builder.Build();
        app.Use(new ApiGuard(key, _logger).InvokeAsync);
        app.UseStatusCodePages();
        app.MapOpenApi(OpenApiDocument.Route);
        ZoneEndpoints.Map(app);
        RecordEndpoints.Map(app);
        ServerEndpoints.Map(app);
        ConsoleEndpoints.Map(app, ConsoleAssets.Embedded);
        if (_balancing is not null)
        {
            PoolEndpoints.Map(app);
            HealthEndpoints.Map(app);
        }
        // Not cancelled half-way by a stop requested during start-up: the host stops it afterwards.
        await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        Endpoint = new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
        Log.Listening(_logger, $"http://{Endpoint}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The outer host owns Ctrl+C and SIGTERM; the embedded web host only starts and stops when told.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// Authorization and error handling in front of every endpoint. Writes need
/// <c>Authorization: Bearer KEY</c>; reads from loopback do not, reads from elsewhere do. The console's own
/// files hold no data and are served to anyone. A refusal thrown by an endpoint becomes problem details; anything else a logged 500.
/// </summary>
internal sealed class ApiGuard(ApiKey key, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        bool read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        bool loopback = context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        bool open = read && (loopback || ConsoleEndpoints.IsStaticPath(context.Request.Path));
        if (!open && !Authorized(context.Request))
        {
            await Problems.WriteUnauthorizedAsync(context, read
                ? "reads from outside loopback need the API key: Authorization: Bearer KEY (the key is in the file api-key in the data folder)"
                : "changes need the API key: Authorization: Bearer KEY (the key is in the file api-key in the data folder)").ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiProblemException problem) when (!context.Response.HasStarted)
        {
            await Problems.From(problem).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await Problems.From(new ApiProblemException(exception.StatusCode, "Bad request", exception.Message)).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.Response.HasStarted && exception is not OperationCanceledException)
        {
            Log.RequestFailed(logger, exception, context.Request.Method, context.Request.Path);
            await Problems.From(new ApiProblemException(500, "Internal error", "the server failed to handle the request; its log says why")).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && key.Matches(header.AsSpan(Scheme.Length).Trim());
    }
}
