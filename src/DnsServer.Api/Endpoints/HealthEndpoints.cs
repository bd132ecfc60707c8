using System.Net;
using DnsServer.Api.Balancing;
using DnsServer.Api.Http;
using DnsServer.Api.Zones;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.Endpoints;

/// <summary>Health of pool members, the event list, <c>explain</c>, and fault injection.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Load balancing");
        group.MapGet("/health", (BalancingServices lb) => Results.Ok(lb.Monitor.Status().Select(ToInfo).ToList()))
            .WithName("ListHealth").Produces<List<HealthInfo>>();
        group.MapGet("/events", (long? after, BalancingServices lb) => Results.Ok(lb.Events.Snapshot(after ?? 0).Select(e =>
                new EventInfo(e.Sequence, e.Time, e.Elapsed.TotalSeconds, e.Kind.ToString(), e.Pool, e.Member, e.Message)).ToList()))
            .WithName("ListEvents").Produces<List<EventInfo>>();
        group.MapGet("/explain", Explain)
            .WithName("Explain").Produces<ExplainInfo>().ProducesValidationProblem(422);
        group.MapGet("/faults", (BalancingServices lb) => Results.Ok(lb.Faults.Active.Select(ToInfo).ToList()))
            .WithName("ListFaults").Produces<List<FaultInfo>>();
        group.MapPost("/faults", InjectAsync)
            .WithName("InjectFault").Accepts<FaultRequest>("application/json").Produces<FaultInfo>(201).ProducesValidationProblem(422);
        group.MapDelete("/faults/{*member}", (string member, BalancingServices lb) => Results.Ok(new { cleared = lb.Faults.Clear(member) }))
            .WithName("ClearFaults");
    }

    private static IResult Explain(string? name, string? type, string? client, string? ecs, BalancingServices lb)
    {
        var errors = new FieldErrors();
        var owner = RecordText.ParseName(name, null, "name", errors);
        var recordType = RecordType.A;
        if (type is not null && !RecordTypeText.TryParse(type, out recordType))
        {
            errors.Add("type", "not a record type");
        }

        if (!IPAddress.TryParse(client ?? "", out var address))
        {
            errors.Add("client", "not an IP address");
        }

        ClientSubnet? subnet = null;
        if (ecs is not null)
        {
            if (ClientSubnet.TryParse(ecs, out var parsed))
            {
                subnet = parsed;
            }
            else
            {
                errors.Add("ecs", "not a subnet (e.g. 10.1.0.0/24)");
            }
        }

        errors.ThrowIfAny();
        var explanation = lb.Balancer.Explain(owner!, recordType, address!, subnet);
        return Results.Ok(new ExplainInfo(explanation.Pool, explanation.Region, explanation.LocatedBy.ToString(), explanation.Answer,
            explanation.Ttl, explanation.TtlReason, explanation.Scope, explanation.ToString()));
    }

    private static async Task<IResult> InjectAsync(HttpRequest request, BalancingServices lb, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<FaultRequest>(request, cancellationToken).ConfigureAwait(false);
        if (!Enum.TryParse<FaultKind>(body.State, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            throw ApiProblemException.Invalid("state", "must be Down, Up or Latency");
        }

        try
        {
            var fault = lb.Faults.Inject(body.Member, kind, body.For ?? TimeSpan.FromSeconds(60), body.Latency);
            return Results.Created("/api/faults", ToInfo(fault));
        }
        catch (ArgumentException exception)
        {
            throw ApiProblemException.Invalid(exception.ParamName switch
            {
                "latency" => "latency",
                "duration" => "for",
                _ => "member",
            }, exception.Message);
        }
    }

    private static HealthInfo ToInfo(MemberStatus status) =>
        new(status.Key, status.Pool, status.Address.ToString(), status.Health.ToString(), status.CheckedHealth.ToString(), status.HasBeenChecked,
            status.Since, status.SinceElapsed.TotalSeconds, status.ConsecutiveSuccesses, status.ConsecutiveFailures,
            status.LastLatency?.TotalMilliseconds, status.LastError, status.Transitions, status.ActiveFault?.ToString());

    private static FaultInfo ToInfo(Fault fault) =>
        new(fault.Id, fault.Target, fault.Members, fault.Kind.ToString(), fault.Duration, fault.Latency, fault.Started, fault.Ends);
}
