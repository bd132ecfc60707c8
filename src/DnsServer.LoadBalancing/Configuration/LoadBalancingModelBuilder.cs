using System.Net;
using System.Net.Sockets;
using DnsServer.LoadBalancing.Model;
using DnsServer.LoadBalancing.Regions;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Configuration;

/// <summary>
/// Checks <see cref="LoadBalancingOptions"/> and compiles them into a <see cref="LoadBalancingModel"/>:
/// defaults filled, member ids assigned 0..n-1 across pools in order, health checks and the region
/// map compiled. Every error is reported, each naming its configuration key.
/// </summary>
public static class LoadBalancingModelBuilder
{
    private const string Key = "LoadBalancing";

    public static LoadBalancingBuildResult Build(LoadBalancingOptions options, IZoneDirectory zones)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zones);
        var errors = new List<string>();
        var regionNames = options.Regions.Keys.ToList();
        var prefixes = RegionCompiler.CompilePrefixes(options, regionNames, errors);
        var trusted = RegionCompiler.CompileClientSubnet(options.ClientSubnet, errors);
        bool geoIp = RegionCompiler.CheckGeoIp(options.GeoIp, errors);
        if (options.EventListSize < 1)
        {
            errors.Add($"{Key}:EventListSize: must be ≥ 1");
        }

        var known = new HashSet<string>(regionNames, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        CheckRegion(options.FallbackRegion, $"{Key}:FallbackRegion", known, geoIp, used, errors);

        var pools = new List<PoolModel>();
        var members = new List<MemberModel>();
        foreach (var (name, pool) in options.Pools)
        {
            if (BuildPool(name, pool ?? new PoolOptions(), pools.Count, members, known, geoIp, used, errors) is { } compiled)
            {
                pools.Add(compiled);
            }
        }

        CheckBackups(options, pools, errors);
        var records = BuildRecords(options, pools, zones, errors);
        var geoRanges = geoIp && errors.Count == 0 ? RegionCompiler.LoadGeoIp(options.GeoIp, regionNames, used, errors) : [];
        if (errors.Count > 0)
        {
            return new LoadBalancingBuildResult(null, errors);
        }

        var model = new LoadBalancingModel
        {
            Pools = pools,
            Members = members,
            Records = records,
            Options = options,
            TrustedClients = trusted,
            RegionMap = new RegionMap(regionNames, prefixes, geoRanges),
        };
        return new LoadBalancingBuildResult(model, []);
    }

    private static void CheckRegion(string? region, string key, HashSet<string> known, bool geoIp, HashSet<string> used, List<string> errors)
    {
        if (region is null)
        {
            return;
        }

        used.Add(region);
        if (!geoIp && !known.Contains(region))
        {
            errors.Add($"{key}: unknown region '{region}'");
        }
    }

    private static PoolModel? BuildPool(
        string name, PoolOptions options, int index, List<MemberModel> members, HashSet<string> known, bool geoIp, HashSet<string> used, List<string> errors)
    {
        string key = $"{Key}:Pools:{name}";
        int before = errors.Count;
        var health = HealthCheckCompiler.Compile(options.HealthCheck, key, errors);
        if (options.Count is < 1)
        {
            errors.Add($"{key}:Count: must be ≥ 1");
        }

        CheckRegion(options.FallbackRegion, $"{key}:FallbackRegion", known, geoIp, used, errors);
        var (action, backup) = ParseWhenAllDown(options.WhenAllDown, name, key, errors);
        var poolMembers = new List<MemberModel>();
        AddressFamily? family = null;
        for (int i = 0; i < options.Members.Count; i++)
        {
            var member = options.Members[i] ?? new MemberOptions();
            string memberKey = $"{key}:Members:{i}";
            if (BuildMember(member, name, memberKey, members.Count + poolMembers.Count, health, errors) is not { } model)
            {
                continue;
            }

            CheckRegion(member.Region, $"{memberKey}:Region", known, geoIp, used, errors);
            family ??= model.Address.AddressFamily;
            if (model.Address.AddressFamily != family)
            {
                errors.Add($"{memberKey}:Address: {model.Address} is not of the family of the pool's first member");
            }

            poolMembers.Add(model);
        }

        if (options.Members.Count == 0)
        {
            errors.Add($"{key}:Members: a pool needs at least one member");
        }
        else if (options.Mode != PoolMode.RoundRobin && options.Members.All(m => m is null || m.Weight == 0))
        {
            errors.Add($"{key}:Members: every weight is 0; {options.Mode} needs a positive weight");
        }

        if (errors.Count != before)
        {
            return null;
        }

        members.AddRange(poolMembers);
        return new PoolModel
        {
            Name = name,
            Index = index,
            Mode = options.Mode,
            Ttl = options.Ttl,
            TtlDegraded = options.TtlDegraded ?? options.Ttl,
            TtlUnknown = options.TtlUnknown ?? options.Ttl,
            Count = options.Count ?? (options.Mode == PoolMode.RoundRobin ? poolMembers.Count : 1),
            Members = poolMembers,
            HealthCheck = health,
            WhenAllDown = action,
            BackupPool = backup,
            FallbackRegion = options.FallbackRegion,
            Family = family ?? AddressFamily.InterNetwork,
        };
    }

    private static MemberModel? BuildMember(MemberOptions member, string pool, string key, int id, HealthCheckSettings? health, List<string> errors)
    {
        int before = errors.Count;
        if (!IPAddress.TryParse(member.Address, out var address) || member.Address.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"{key}:Address: '{member.Address}' is not an IP address");
        }

        if (member.Weight < 0)
        {
            errors.Add($"{key}:Weight: must be ≥ 0");
        }

        IPAddress? checkAddress = null;
        if (member.CheckAddress is not null && !IPAddress.TryParse(member.CheckAddress, out checkAddress))
        {
            errors.Add($"{key}:CheckAddress: '{member.CheckAddress}' is not an IP address");
        }

        if (member.CheckPort is < 1 or > 65535)
        {
            errors.Add($"{key}:CheckPort: {member.CheckPort} is not a port (1–65535)");
        }

        if (errors.Count != before || address is null)
        {
            return null;
        }

        var endpoint = health is null ? null : new IPEndPoint(checkAddress ?? address, member.CheckPort ?? health.Port);
        return new MemberModel
        {
            Id = id,
            Pool = pool,
            Address = address,
            Weight = member.Weight,
            Region = member.Region,
            Priority = member.Priority,
            CheckEndpoint = endpoint,
        };
    }

    private static (AllDownAction Action, string? Backup) ParseWhenAllDown(string? text, string pool, string key, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (AllDownAction.AnswerAll, null);
        }

        if (Enum.TryParse<AllDownAction>(text, ignoreCase: true, out var action) && action != AllDownAction.BackupPool
            && !int.TryParse(text, out _))
        {
            return (action, null);
        }

        if (string.Equals(text, pool, StringComparison.Ordinal))
        {
            errors.Add($"{key}:WhenAllDown: pool '{pool}' cannot back itself");
        }

        return (AllDownAction.BackupPool, text);
    }

    private static void CheckBackups(LoadBalancingOptions options, List<PoolModel> pools, List<string> errors)
    {
        foreach (var pool in pools)
        {
            if (pool.BackupPool is null || string.Equals(pool.BackupPool, pool.Name, StringComparison.Ordinal))
            {
                continue;
            }

            string key = $"{Key}:Pools:{pool.Name}:WhenAllDown";
            if (!options.Pools.ContainsKey(pool.BackupPool))
            {
                errors.Add($"{key}: unknown pool '{pool.BackupPool}'");
                continue;
            }

            if (pools.FirstOrDefault(p => p.Name == pool.BackupPool) is { } backup && backup.Family != pool.Family)
            {
                errors.Add($"{key}: pool '{backup.Name}' answers another address family");
            }

            var seen = new List<string> { pool.Name };
            var next = pool.BackupPool;
            while (next is not null && options.Pools.TryGetValue(next, out var nextOptions))
            {
                if (seen.Contains(next, StringComparer.Ordinal))
                {
                    errors.Add($"{key}: backup pools form a cycle: {string.Join(" → ", seen)} → {next}");
                    break;
                }

                seen.Add(next);
                next = ParseWhenAllDown(nextOptions?.WhenAllDown, next, "", []).Backup;
            }
        }
    }

    private static List<PoolRecordModel> BuildRecords(LoadBalancingOptions options, List<PoolModel> pools, IZoneDirectory zones, List<string> errors)
    {
        var records = new List<PoolRecordModel>();
        var seen = new Dictionary<(DnsName, RecordType), int>();
        for (int i = 0; i < options.Records.Count; i++)
        {
            var record = options.Records[i] ?? new PoolRecordOptions();
            string key = $"{Key}:Records:{i}";
            int before = errors.Count;
            DnsName? name = null;
            try
            {
                name = DnsName.Parse(record.Name).ToLowerInvariant();
                if (zones.FindZone(name) is null)
                {
                    errors.Add($"{key}:Name: {name} is in no zone served");
                }
            }
            catch (DnsFormatException e)
            {
                errors.Add($"{key}:Name: '{record.Name}': {e.Message}");
            }

            if (!RecordTypeText.TryParse(record.Type, out var type) || type is not (RecordType.A or RecordType.AAAA))
            {
                errors.Add($"{key}:Type: '{record.Type}' is not A or AAAA");
            }

            var pool = pools.FirstOrDefault(p => string.Equals(p.Name, record.Pool, StringComparison.Ordinal));
            if (pool is null)
            {
                if (!options.Pools.ContainsKey(record.Pool ?? ""))
                {
                    errors.Add($"{key}:Pool: unknown pool '{record.Pool}'");
                }
            }
            else if (errors.Count == before && (pool.Family == AddressFamily.InterNetwork) != (type == RecordType.A))
            {
                errors.Add($"{key}:Type: {type} needs {(type == RecordType.A ? "IPv4" : "IPv6")} members but pool '{pool.Name}' has {(pool.Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} ones");
            }

            if (name is not null && errors.Count == before && !seen.TryAdd((name, type), i))
            {
                errors.Add($"{key}: duplicate of {Key}:Records:{seen[(name, type)]} ({name} {type})");
            }

            if (errors.Count == before && pool is not null && name is not null)
            {
                records.Add(new PoolRecordModel(name, type, pool));
            }
        }

        return records;
    }
}
