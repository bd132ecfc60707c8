using System.Text.Json;
using System.Text.Json.Serialization;

namespace DnsServer.LoadBalancing.Configuration;

/// <summary>Keeps the changes made through the API (the server keeps them in its database).</summary>
public interface IPolicyStore
{
    /// <summary>The stored changes as JSON, or null when there are none.</summary>
    string? Load();

    /// <summary>Stores the changes; returns once they are durable.</summary>
    void Save(string json);
}

/// <summary>
/// The running load-balancing configuration: the <c>LoadBalancing</c> section of the configuration
/// file, overlaid with the pools, regions and pool records set through the API (an API pool or
/// region replaces the file's of the same name; an API record the file's of the same name and
/// type). Every change is checked whole first, then stored, then applied: a refused change
/// leaves everything as it was, and an applied one survives a restart.
/// </summary>
public sealed class LoadBalancingConfiguration
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    private readonly LoadBalancer _balancer;
    private readonly IPolicyStore? _store;
    private readonly Lock _lock = new();
    private LoadBalancingOptions _file = new();
    private PolicyOverrides _overrides;
    private LoadBalancingOptions _effective = new();

    public LoadBalancingConfiguration(LoadBalancer balancer, IPolicyStore? store)
    {
        _balancer = balancer;
        _store = store;
        _overrides = store?.Load() is { } json ? Deserialize(json) : new PolicyOverrides();
    }

    /// <summary>
    /// The file's section and the API's changes, as the server runs them: merged once per applied
    /// change and shared, so callers read it and copy what they want to change (<see cref="Copy"/>).
    /// </summary>
    public LoadBalancingOptions Effective => Volatile.Read(ref _effective);

    /// <summary>A copy of the changes made through the API.</summary>
    public PolicyOverrides Overrides
    {
        get
        {
            lock (_lock)
            {
                return Clone(_overrides);
            }
        }
    }

    /// <summary>Applies a (re)read file section under the API's changes; on errors the running configuration stays.</summary>
    public IReadOnlyList<string> ApplyFile(LoadBalancingOptions file)
    {
        lock (_lock)
        {
            var merged = Merge(file, _overrides);
            var errors = _balancer.Apply(merged);
            if (errors.Count == 0)
            {
                _file = file;
                Volatile.Write(ref _effective, merged);
            }

            return errors;
        }
    }

    /// <summary>
    /// Changes the API's layer: <paramref name="edit"/> works on a copy; the result is checked
    /// whole, stored, then applied. Returns the errors (empty when applied).
    /// </summary>
    public IReadOnlyList<string> Change(Action<PolicyOverrides> edit)
    {
        lock (_lock)
        {
            var changed = Clone(_overrides);
            edit(changed);
            var candidate = Merge(_file, changed);
            var errors = _balancer.Check(candidate);
            if (errors.Count > 0)
            {
                return errors;
            }

            _store?.Save(JsonSerializer.Serialize(changed, Json));
            _overrides = changed;
            Volatile.Write(ref _effective, candidate);
            return _balancer.Apply(candidate);
        }
    }

    /// <summary>Where a pool comes from: <c>api</c>, <c>file</c>, or null when there is no such pool.</summary>
    public string? SourceOfPool(string name)
    {
        lock (_lock)
        {
            return _overrides.Pools.ContainsKey(name) ? "api" : _file.Pools.ContainsKey(name) ? "file" : null;
        }
    }

    /// <summary>Where a region comes from: <c>api</c>, <c>file</c>, or null.</summary>
    public string? SourceOfRegion(string name)
    {
        lock (_lock)
        {
            return _overrides.Regions.ContainsKey(name) ? "api" : _file.Regions.ContainsKey(name) ? "file" : null;
        }
    }

    /// <summary>A deep copy of a pool's options, e.g. to change one field of it.</summary>
    public static PoolOptions Copy(PoolOptions pool) => JsonSerializer.Deserialize<PoolOptions>(JsonSerializer.Serialize(pool, Json), Json)!;

    internal static LoadBalancingOptions Merge(LoadBalancingOptions file, PolicyOverrides overrides)
    {
        var merged = JsonSerializer.Deserialize<LoadBalancingOptions>(JsonSerializer.Serialize(file, Json), Json)!;
        foreach (var (name, prefixes) in overrides.Regions)
        {
            merged.Regions[name] = [.. prefixes];
        }

        foreach (var (name, pool) in overrides.Pools)
        {
            merged.Pools[name] = Copy(pool);
        }

        foreach (var record in overrides.Records)
        {
            merged.Records.RemoveAll(r => SameRecord(r, record));
            merged.Records.Add(new PoolRecordOptions { Name = record.Name, Type = record.Type, Pool = record.Pool });
        }

        return merged;
    }

    /// <summary>Same owner (case-insensitive, trailing dot optional) and type.</summary>
    public static bool SameRecord(PoolRecordOptions a, PoolRecordOptions b) =>
        string.Equals(a.Name.TrimEnd('.'), b.Name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Type, b.Type, StringComparison.OrdinalIgnoreCase);

    private static PolicyOverrides Clone(PolicyOverrides overrides) => Deserialize(JsonSerializer.Serialize(overrides, Json));

    private static PolicyOverrides Deserialize(string json) => JsonSerializer.Deserialize<PolicyOverrides>(json, Json) ?? new PolicyOverrides();
}

/// <summary>The pools, regions and pool records set through the API.</summary>
public sealed class PolicyOverrides
{
    public Dictionary<string, List<string>> Regions { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, PoolOptions> Pools { get; set; } = new(StringComparer.Ordinal);

    public List<PoolRecordOptions> Records { get; set; } = [];
}
