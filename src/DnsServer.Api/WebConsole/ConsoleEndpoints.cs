using DnsServer.Api.Zones;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.WebConsole;

/// <summary>
/// The web console at <c>/</c> (docs/console.md): embedded files under <c>/console/</c>, and the
/// experiment reports kept in <see cref="ApiOptions.ReportsDirectory"/>.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>Console pages load only from this server and talk only to it.</summary>
    public const string ConsolePolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A report is one self-contained file: its inline script and style, nothing from the network.</summary>
    public const string ReportPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'";

    /// <summary>True for the paths of the console's own files, which hold no data and need no key.</summary>
    public static bool IsStaticPath(PathString path) =>
        path == "/" || path.StartsWithSegments("/console", StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder app, ConsoleAssets assets)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/console/{*path}", (string? path, HttpContext context) => Serve(context, assets, path ?? "index.html")).ExcludeFromDescription();
        app.MapGet("/api/reports", (ApiOptions options) => Results.Ok(ExperimentReports.List(options.ReportsDirectory)))
            .WithTags("Server").WithName("ListReports").Produces<List<ReportInfo>>();
        app.MapGet("/reports/{name}/report.html", (string name, ApiOptions options, HttpContext context) =>
            {
                var path = ExperimentReports.Find(options.ReportsDirectory, name) ?? throw ApiProblemException.NotFound($"no report '{name}'");
                context.Response.Headers.ContentSecurityPolicy = ReportPolicy;
                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(path, "text/html; charset=utf-8");
            })
            .ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, ConsoleAssets assets, string path)
    {
        if (assets.Find(path) is not { } asset)
        {
            throw ApiProblemException.NotFound($"no console file '{path}'");
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Not fingerprinted: the browser keeps each file but asks each time whether it changed (a 304).
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ConsolePolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == asset.ETag)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
