using DnsServer.Api.Http;
using DnsServer.Api.Zones;
using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.Endpoints;

/// <summary>Records: list, add (one or a batch), replace an RRset, delete a record or an RRset.</summary>
internal static class RecordEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/zones/{zone}").WithTags("Records");
        records.MapGet("/records", List)
            .WithName("ListRecords").Produces<List<RecordInfo>>().ProducesProblem(404);
        records.MapPost("/records", AddAsync)
            .WithName("AddRecords").Accepts<AddRecordsRequest>("application/json")
            .Produces<ChangeResult>().ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);
        records.MapPut("/rrsets/{name}/{type}", ReplaceAsync)
            .WithName("ReplaceRRset").Accepts<ReplaceRRsetRequest>("application/json")
            .Produces<ChangeResult>().ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);
        records.MapDelete("/records", Delete)
            .WithName("DeleteRecords").Produces<ChangeResult>().ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);
    }

    private static IResult List(string zone, string? name, string? type, ZoneService service)
    {
        var origin = RecordText.ParseZoneName(zone);
        var all = service.GetRecords(origin) ?? throw ApiProblemException.NotFound($"no zone {origin}");
        var errors = new FieldErrors();
        var owner = name is null ? null : RecordText.ParseName(name, origin, "name", errors);
        RecordType? recordType = null;
        if (type is not null)
        {
            if (RecordTypeText.TryParse(type, out var parsed))
            {
                recordType = parsed;
            }
            else
            {
                errors.Add("type", $"'{type}' is not a record type");
            }
        }

        errors.ThrowIfAny();
        return Results.Ok(all.Where(r => (owner is null || r.Name.Equals(owner)) && (recordType is null || r.Type == recordType))
            .Select(ZoneEndpoints.ToInfo).ToList());
    }

    private static async Task<IResult> AddAsync(string zone, HttpRequest request, ZoneEditor editor, CancellationToken cancellationToken)
    {
        var origin = RecordText.ParseZoneName(zone);
        var body = await JsonBody.ReadAsync<AddRecordsRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = new FieldErrors();
        var inputs = new List<ChangeInput>();
        if (body.Records is { } batch)
        {
            if (body.Name is not null || body.Type is not null || body.Data is not null || body.Ttl is not null)
            {
                errors.Add("records", "give either one record (name, type, ttl, data) or a records array, not both");
            }

            if (batch.Count == 0)
            {
                errors.Add("records", "is empty");
            }

            for (int i = 0; i < batch.Count; i++)
            {
                if (RecordText.Parse(batch[i], origin, $"records[{i}].", errors) is { } record)
                {
                    inputs.Add(new ChangeInput(record, $"records[{i}]"));
                }
            }
        }
        else
        {
            var single = new RecordRequest { Name = body.Name, Type = body.Type, Ttl = body.Ttl, Data = body.Data };
            if (RecordText.Parse(single, origin, string.Empty, errors) is { } record)
            {
                inputs.Add(new ChangeInput(record, "name"));
            }
        }

        errors.ThrowIfAny();
        return ZoneEndpoints.Changed(editor.Add(origin, inputs));
    }

    private static async Task<IResult> ReplaceAsync(string zone, string name, string type, HttpRequest request, ZoneEditor editor, CancellationToken cancellationToken)
    {
        var origin = RecordText.ParseZoneName(zone);
        var body = await JsonBody.ReadAsync<ReplaceRRsetRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = new FieldErrors();
        var owner = RecordText.ParseName(name, origin, "name", errors);
        var recordType = RecordText.ParseType(type, "type", errors);
        var ttl = RecordText.ParseTtl(body.Ttl, "ttl", errors);
        var inputs = new List<ChangeInput>();
        if (owner is not null && recordType is not null && ttl is not null)
        {
            var data = body.Data ?? [];
            for (int i = 0; i < data.Count; i++)
            {
                if (RecordText.ParseData(owner, recordType.Value, data[i], origin, $"data[{i}]", errors) is { } rdata)
                {
                    inputs.Add(new ChangeInput(new ResourceRecord(owner, RecordClass.IN, ttl.Value, rdata), $"data[{i}]"));
                }
            }
        }

        errors.ThrowIfAny();
        return ZoneEndpoints.Changed(editor.ReplaceRRset(origin, owner!, recordType!.Value, inputs));
    }

    private static IResult Delete(string zone, string? name, string? type, string? data, ZoneEditor editor)
    {
        var origin = RecordText.ParseZoneName(zone);
        var errors = new FieldErrors();
        var owner = RecordText.ParseName(name, origin, "name", errors);
        RecordType? recordType = type is null ? null : RecordText.ParseType(type, "type", errors);
        if (data is not null && type is null)
        {
            errors.Add("type", "is required with data");
        }

        RData? rdata = null;
        if (owner is not null && recordType is not null && data is not null)
        {
            rdata = RecordText.ParseData(owner, recordType.Value, data, origin, "data", errors);
        }

        errors.ThrowIfAny();
        return ZoneEndpoints.Changed(editor.Delete(origin, owner!, recordType, rdata));
    }
}
