using DnsServer.Api.Http;
using DnsServer.Api.Zones;
using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using DnsServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.Endpoints;

/// <summary>Zones: list, create, read (JSON or zone-file text), import, delete.</summary>
internal static class ZoneEndpoints
{
    /// <summary>RFC 4027: the media type of zone-file text.</summary>
    public const string ZoneFileMediaType = "text/dns";

    public static void Map(IEndpointRouteBuilder app)
    {
        var zones = app.MapGroup("/api/zones").WithTags("Zones");
        zones.MapGet("/", (ZoneService service) => Results.Ok(service.Zones.Select(z => Info(service, z)).ToList()))
            .WithName("ListZones").Produces<List<ZoneInfo>>();
        zones.MapPost("/", CreateAsync)
            .WithName("CreateZone").Accepts<CreateZoneRequest>("application/json")
            .Produces<ZoneInfo>(StatusCodes.Status201Created).ProducesProblem(409).ProducesValidationProblem(422);
        zones.MapGet("/{zone}", Get)
            .WithName("GetZone").Produces<ZoneDetail>().ProducesProblem(404);
        zones.MapGet("/{zone}/zonefile", GetText)
            .WithName("GetZoneFile").Produces<string>(200, ZoneFileMediaType).ProducesProblem(404);
        zones.MapPut("/{zone}/zonefile", ImportTextAsync)
            .WithName("PutZoneFile").Accepts<string>(ZoneFileMediaType, "text/plain")
            .Produces<ChangeResult>().ProducesProblem(409).ProducesValidationProblem(422);
        zones.MapPost("/{zone}/import", (string zone, ZoneEditor editor) => Changed(editor.ImportFileZone(RecordText.ParseZoneName(zone))))
            .WithName("ImportFileZone").Produces<ChangeResult>().ProducesProblem(404).ProducesProblem(409);
        zones.MapDelete("/{zone}", (string zone, ZoneEditor editor) =>
            {
                editor.DeleteZone(RecordText.ParseZoneName(zone));
                return Results.NoContent();
            })
            .WithName("DeleteZone").Produces(204).ProducesProblem(404).ProducesProblem(409);
    }

    public static IResult Changed(ChangeSummary change) =>
        Results.Ok(new ChangeResult(change.Origin.ToString(), change.Serial, change.RecordCount));

    public static RecordInfo ToInfo(ResourceRecord record) =>
        new(record.Name.ToString(), RecordTypeText.ToText(record.Type), record.Ttl, record.Data.ToString());

    private static async Task<IResult> CreateAsync(HttpRequest request, ZoneEditor editor, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateZoneRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = new FieldErrors();
        var origin = RecordText.ParseName(body.Name, null, "name", errors);
        var ttl = RecordText.ParseTtl(body.Ttl, "ttl", errors);
        var nameservers = new List<DnsName>();
        var given = body.Nameservers is { Count: > 0 } list ? list : ["localhost."];
        for (int i = 0; i < given.Count; i++)
        {
            if (RecordText.ParseName(given[i], null, $"nameservers[{i}]", errors) is { } ns)
            {
                nameservers.Add(ns);
            }
        }

        errors.ThrowIfAny();
        editor.Create(origin!, nameservers, ttl!.Value);
        var summary = editor.Zones.Find(origin!)!;
        return Results.Created($"/api/zones/{origin}", Info(editor.Zones, summary));
    }

    private static IResult Get(string zone, ZoneService service)
    {
        var origin = RecordText.ParseZoneName(zone);
        var summary = service.Find(origin) ?? throw ApiProblemException.NotFound($"no zone {origin}");
        var records = service.GetRecords(origin) ?? [];
        var info = Info(service, summary);
        return Results.Ok(new ZoneDetail(info.Name, info.Serial, info.RecordCount, info.NameCount, info.Source, info.Path, [.. records.Select(ToInfo)]));
    }

    private static IResult GetText(string zone, ZoneService service)
    {
        var origin = RecordText.ParseZoneName(zone);
        var records = service.GetRecords(origin) ?? throw ApiProblemException.NotFound($"no zone {origin}");
        return Results.Text(ZoneFileWriter.Write(origin, records), ZoneFileMediaType);
    }

    private static async Task<IResult> ImportTextAsync(string zone, HttpRequest request, ZoneEditor editor, CancellationToken cancellationToken)
    {
        var origin = RecordText.ParseZoneName(zone);
        var text = await JsonBody.ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        return Changed(editor.Import(origin, text));
    }

    private static ZoneInfo Info(ZoneService service, Authoritative.Loading.ZoneSummary zone)
    {
        bool managed = service.IsManaged(zone.Origin);
        return new ZoneInfo(zone.Origin.ToString(), zone.Serial, zone.RecordCount, zone.NameCount, managed ? ZoneDatabase.Source : "file", managed ? null : zone.Source);
    }
}
