using DnsServer.Api.Balancing;
using DnsServer.Api.Http;
using DnsServer.Api.Zones;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DnsServer.Api.Endpoints;

/// <summary>
/// Load-balancing pools, regions and pool records: the same model as the configuration file's
/// <c>LoadBalancing</c> section. Changes made here overlay the file's and are kept in the
/// database; each is checked whole (422 naming the fields) before anything changes.
/// </summary>
internal static class PoolEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var pools = app.MapGroup("/api/pools").WithTags("Load balancing");
        pools.MapGet("/", (BalancingServices lb) =>
            {
                var now = PoolsNow.Read(lb);
                return Results.Ok(now.Options.Pools.Keys.Order(StringComparer.Ordinal).Select(p => Info(lb, now, p)).ToList());
            })
            .WithName("ListPools").Produces<List<PoolInfo>>();
        pools.MapGet("/{pool}", (string pool, BalancingServices lb) => Results.Ok(Info(lb, Known(lb, pool))))
            .WithName("GetPool").Produces<PoolInfo>().ProducesProblem(404);
        pools.MapPut("/{pool}", PutPoolAsync)
            .WithName("PutPool").Accepts<PoolOptions>("application/json").Produces<PoolInfo>().ProducesValidationProblem(422);
        pools.MapDelete("/{pool}", DeletePool)
            .WithName("DeletePool").Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);
        pools.MapPut("/{pool}/members/{address}", ChangeMemberAsync)
            .WithName("ChangePoolMember").Accepts<MemberChange>("application/json").Produces<PoolInfo>().ProducesProblem(404).ProducesValidationProblem(422);

        var regions = app.MapGroup("/api/regions").WithTags("Load balancing");
        regions.MapGet("/", (BalancingServices lb) => Results.Ok(lb.Configuration.Effective.Regions
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RegionInfo(r.Key, lb.Configuration.SourceOfRegion(r.Key) ?? "file", r.Value)).ToList()))
            .WithName("ListRegions").Produces<List<RegionInfo>>();
        regions.MapPut("/{region}", PutRegionAsync)
            .WithName("PutRegion").Accepts<RegionChange>("application/json").Produces<RegionInfo>().ProducesValidationProblem(422);
        regions.MapDelete("/{region}", DeleteRegion)
            .WithName("DeleteRegion").Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);

        var records = app.MapGroup("/api/pool-records").WithTags("Load balancing");
        records.MapGet("/", ListRecords).WithName("ListPoolRecords").Produces<List<PoolRecordInfo>>();
        records.MapPost("/", AddRecordAsync)
            .WithName("AddPoolRecord").Accepts<PoolRecordRequest>("application/json").Produces<PoolRecordInfo>(201).ProducesValidationProblem(422);
        records.MapDelete("/", DeleteRecord)
            .WithName("DeletePoolRecord").Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesValidationProblem(422);
    }

    private static PoolInfo Info(BalancingServices lb, string name) => Info(lb, PoolsNow.Read(lb), name);

    /// <summary>One pool as the API shows it, from a reading of every pool taken once per request.</summary>
    private static PoolInfo Info(BalancingServices lb, PoolsNow now, string name)
    {
        var options = now.Options.Pools[name];
        var statistics = now.Statistics.FirstOrDefault(s => s.Pool == name);
        var health = now.Health.Where(s => s.Pool == name).ToDictionary(s => s.Address.ToString(), StringComparer.Ordinal);
        var members = options.Members.Select(member =>
        {
            var stats = statistics?.Members.FirstOrDefault(m => m.Address == member.Address);
            health.TryGetValue(member.Address, out var status);
            return new PoolMemberInfo(
                member.Address,
                status?.Health.ToString() ?? nameof(MemberHealth.Unknown),
                status?.Since,
                stats?.IsCandidate ?? false,
                stats?.Answers ?? 0,
                stats?.ObservedShare ?? 0,
                stats?.ConfiguredShare ?? 0,
                status?.LastError,
                status?.ActiveFault?.ToString());
        }).ToList();
        return new PoolInfo(name, lb.Configuration.SourceOfPool(name) ?? "file", options, members, statistics?.Answers ?? 0);
    }

    private static string Known(BalancingServices lb, string pool) =>
        lb.Configuration.Effective.Pools.ContainsKey(pool) ? pool : throw ApiProblemException.NotFound($"no pool '{pool}'");

    private static void ThrowIfRefused(IReadOnlyList<string> errors, string? pool = null)
    {
        if (errors.Count > 0)
        {
            throw BalancingServices.Refused(errors, pool);
        }
    }

    private static async Task<IResult> PutPoolAsync(string pool, HttpRequest request, BalancingServices lb, CancellationToken cancellationToken)
    {
        var options = await JsonBody.ReadAsync<PoolOptions>(request, cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(lb.Configuration.Change(o => o.Pools[pool] = options), pool);
        return Results.Ok(Info(lb, pool));
    }

    private static IResult DeletePool(string pool, BalancingServices lb)
    {
        switch (lb.Configuration.SourceOfPool(pool))
        {
            case null:
                throw ApiProblemException.NotFound($"no pool '{pool}'");
            case "file":
                throw ApiProblemException.Conflict($"pool '{pool}' is defined in the configuration file; edit the file to remove it");
        }

        ThrowIfRefused(lb.Configuration.Change(o => o.Pools.Remove(pool)));
        return Results.NoContent();
    }

    private static async Task<IResult> ChangeMemberAsync(string pool, string address, HttpRequest request, BalancingServices lb, CancellationToken cancellationToken)
    {
        var change = await JsonBody.ReadAsync<MemberChange>(request, cancellationToken).ConfigureAwait(false);
        var current = LoadBalancingConfiguration.Copy(lb.Configuration.Effective.Pools[Known(lb, pool)]);
        var member = current.Members.FirstOrDefault(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiProblemException.NotFound($"pool '{pool}' has no member {address}");
        member.Weight = change.Weight ?? member.Weight;
        member.Priority = change.Priority ?? member.Priority;
        member.Region = change.Region ?? member.Region;
        ThrowIfRefused(lb.Configuration.Change(o => o.Pools[pool] = current), pool);
        return Results.Ok(Info(lb, pool));
    }

    private static async Task<IResult> PutRegionAsync(string region, HttpRequest request, BalancingServices lb, CancellationToken cancellationToken)
    {
        var change = await JsonBody.ReadAsync<RegionChange>(request, cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(lb.Configuration.Change(o => o.Regions[region] = [.. change.Prefixes]));
        return Results.Ok(new RegionInfo(region, "api", change.Prefixes));
    }

    private static IResult DeleteRegion(string region, BalancingServices lb)
    {
        switch (lb.Configuration.SourceOfRegion(region))
        {
            case null:
                throw ApiProblemException.NotFound($"no region '{region}'");
            case "file":
                throw ApiProblemException.Conflict($"region '{region}' is defined in the configuration file; edit the file to remove it");
        }

        ThrowIfRefused(lb.Configuration.Change(o => o.Regions.Remove(region)));
        return Results.NoContent();
    }

    private static IResult ListRecords(BalancingServices lb)
    {
        var overrides = lb.Configuration.Overrides.Records;
        return Results.Ok(lb.Configuration.Effective.Records
            .Select(r => new PoolRecordInfo(r.Name, r.Type, r.Pool, overrides.Any(o => LoadBalancingConfiguration.SameRecord(o, r)) ? "api" : "file"))
            .ToList());
    }

    private static async Task<IResult> AddRecordAsync(HttpRequest request, BalancingServices lb, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PoolRecordRequest>(request, cancellationToken).ConfigureAwait(false);
        var record = new PoolRecordOptions { Name = body.Name, Type = body.Type ?? "A", Pool = body.Pool };
        ThrowIfRefused(lb.Configuration.Change(o =>
        {
            o.Records.RemoveAll(r => LoadBalancingConfiguration.SameRecord(r, record));
            o.Records.Add(record);
        }));
        return Results.Created($"/api/pool-records?name={Uri.EscapeDataString(record.Name)}&type={record.Type}", new PoolRecordInfo(record.Name, record.Type, record.Pool, "api"));
    }

    private static IResult DeleteRecord(string name, string? type, BalancingServices lb)
    {
        var target = new PoolRecordOptions { Name = name, Type = type ?? "A" };
        if (!lb.Configuration.Effective.Records.Any(r => LoadBalancingConfiguration.SameRecord(r, target)))
        {
            throw ApiProblemException.NotFound($"no pool record {name} {target.Type}");
        }

        if (!lb.Configuration.Overrides.Records.Any(r => LoadBalancingConfiguration.SameRecord(r, target)))
        {
            throw ApiProblemException.Conflict($"{name} {target.Type} is defined in the configuration file; edit the file to remove it");
        }

        ThrowIfRefused(lb.Configuration.Change(o => o.Records.RemoveAll(r => LoadBalancingConfiguration.SameRecord(r, target))));
        return Results.NoContent();
    }
}

/// <summary>The configuration, answer counters and health of every pool, read once for one request.</summary>
internal sealed record PoolsNow(
    LoadBalancingOptions Options,
    IReadOnlyList<DnsServer.LoadBalancing.Selection.PoolStatistics> Statistics,
    IReadOnlyList<MemberStatus> Health)
{
    public static PoolsNow Read(BalancingServices lb) =>
        new(lb.Configuration.Effective, lb.Balancer.Statistics(), lb.Monitor.Status());
}
