using DnsServer.Api.Http;
using DnsServer.Api.Zones;
using DnsServer.Authoritative.Loading;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Recursive;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.Endpoints;

/// <summary>The server as a whole: status, zone-file reload, the resolver cache, metrics.</summary>
internal static class ServerEndpoints
{
    /// <summary>The Prometheus text exposition format.</summary>
    public const string MetricsMediaType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", Status).WithTags("Server").WithName("GetStatus").Produces<StatusInfo>();
        app.MapPost("/api/reload", (ZoneService zones) => Results.Ok(zones.Load().Select(r => new ReloadResult(
                r.Origin.ToString(), r.Path, r.Loaded, r.Zone?.Serial, r.Errors, r.Warnings)).ToList()))
            .WithTags("Server").WithName("ReloadZoneFiles").Produces<List<ReloadResult>>();
        app.MapGet("/api/cache", (ResolverAccess access) => Results.Ok(access.Require().DumpCache()))
            .WithTags("Cache").WithName("DumpCache").Produces<List<string>>().ProducesProblem(404);
        app.MapPost("/api/cache/flush", FlushAsync)
            .WithTags("Cache").WithName("FlushCache").Accepts<FlushCacheRequest>("application/json")
            .Produces<FlushResult>().ProducesProblem(404).ProducesValidationProblem(422);
        app.MapGet("/metrics", (IEnumerable<IMetricsSource> sources) =>
            {
                var writer = new MetricsWriter();
                foreach (var source in sources)
                {
                    source.WriteTo(writer);
                }

                return Results.Text(writer.ToString(), MetricsMediaType);
            })
            .WithTags("Server").WithName("GetMetrics").Produces<string>(200, "text/plain");
    }

    private static IResult Status(ApiOptions options, ZoneService zones, ResolverAccess access, ServerClock clock) =>
        Results.Ok(new StatusInfo(
            options.Version,
            clock.StartedAt,
            Math.Round((clock.Time.GetUtcNow() - clock.StartedAt).TotalSeconds, 3),
            zones.Zones.Count,
            options.Listeners(),
            access.Resolver is not null));

    private static async Task<IResult> FlushAsync(HttpRequest request, ResolverAccess access, CancellationToken cancellationToken)
    {
        var resolver = access.Require();
        var body = request.ContentLength is 0 || request.ContentType is null
            ? new FlushCacheRequest()
            : await JsonBody.ReadAsync<FlushCacheRequest>(request, cancellationToken).ConfigureAwait(false);
        var name = body.Name is null ? null : RecordText.ParseZoneName(body.Name, "name");
        return Results.Ok(new FlushResult(resolver.FlushCache(name, body.Tree)));
    }
}

/// <summary>The recursive resolver when recursion is on; null when it is off.</summary>
internal sealed record ResolverAccess(RecursiveResolver? Resolver)
{
    public RecursiveResolver Require() =>
        Resolver ?? throw ApiProblemException.NotFound("recursion is off (Recursion:Enabled false): there is no cache");
}

/// <summary>When the server started, on its clock.</summary>
internal sealed record ServerClock(TimeProvider Time, DateTimeOffset StartedAt);
