using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DnsServer.Api.Http;

/// <summary>The OpenAPI document served at <see cref="Route"/> and kept in docs/openapi.json.</summary>
internal static class OpenApiDocument
{
    public const string Route = "/openapi.json";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "dnsserver management API",
                Version = "v1",
                Description = "Zones and records (managed zones are kept in LiteDB), the resolver cache, zone-file reload, status. Changes need Authorization: Bearer KEY. Errors are RFC 9457 problem details. See docs/api.md.",
            };

            // The document must not depend on the address it was fetched from.
            document.Servers = [];
            return Task.CompletedTask;
        });
    }
}
