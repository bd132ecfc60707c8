using System.Net;
using DnsServer.LoadBalancing.Answering;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using DnsServer.LoadBalancing.Regions;
using DnsServer.LoadBalancing.Selection;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using Microsoft.Extensions.Logging;

namespace DnsServer.LoadBalancing;

/// <summary>
/// Load balancing as the server composes it: applies configurations (keeping the running model when
/// one is rejected), follows the health view, and offers the pipeline stage, explanations and
/// answer statistics.
/// </summary>
public sealed class LoadBalancer
{
    private readonly IZoneDirectory _zones;
    private readonly HealthViewHolder _health;
    private readonly IEventSink _events;
    private readonly ILogger<LoadBalancer> _logger;
    private readonly SelectionStateHolder _state;
    private readonly Lock _gate = new();
    private readonly LoadBalancingStage _stage;

    public LoadBalancer(IZoneDirectory zones, HealthViewHolder health, IEventSink events, TimeProvider time, ILogger<LoadBalancer> logger)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(time);
        _zones = zones;
        _health = health;
        _events = events;
        _logger = logger;
        Time = time;
        _state = new SelectionStateHolder(SelectionState.Create(LoadBalancingModel.Empty, health.Current, new PoolSelector(null)));
        _stage = new LoadBalancingStage(_state, zones);
        health.Changed += OnHealthChanged;
    }

    public event Action<LoadBalancingModel>? ModelChanged;

    public TimeProvider Time { get; }

    public LoadBalancingModel Model => _state.Current.Model;

    /// <summary>The pipeline stage; it goes just before the authoritative stage.</summary>
    public IQueryMiddleware Stage => _stage;

    /// <summary>The errors a configuration would be refused for (empty: it would apply); changes nothing.</summary>
    public IReadOnlyList<string> Check(LoadBalancingOptions options) => LoadBalancingModelBuilder.Build(options, _zones).Errors;

    /// <summary>Checks and applies a configuration; returns its errors (empty when applied).</summary>
    public IReadOnlyList<string> Apply(LoadBalancingOptions options)
    {
        var result = LoadBalancingModelBuilder.Build(options, _zones);
        if (result.Model is not { } model)
        {
            foreach (var error in result.Errors)
            {
                Log.ConfigurationError(_logger, error);
                _events.Add(LoadBalancingEventKind.ConfigurationRejected, null, null, error);
            }

            return result.Errors;
        }

        lock (_gate)
        {
            var selector = _state.Current.Selector;
            if (options.Seed != selector.Seed)
            {
                // A new seed restarts the draws, so that a seeded run repeats.
                selector = new PoolSelector(options.Seed);
            }

            _state.Set(SelectionState.Create(model, _health.Current, selector));
        }

        Log.ConfigurationLoaded(_logger, model.Pools.Count, model.Members.Count, model.Records.Count);
        _events.Add(LoadBalancingEventKind.ConfigurationLoaded, null, null,
            $"{model.Pools.Count} pools, {model.Members.Count} members, {model.Records.Count} records");
        ModelChanged?.Invoke(model);
        return [];
    }

    private void OnHealthChanged(HealthView previous, HealthView current)
    {
        SelectionState before, after;
        lock (_gate)
        {
            before = _state.Current;
            after = before.WithHealth(current);
            _state.Set(after);
        }

        for (int i = 0; i < after.Pools.Length; i++)
        {
            string was = Describe(before.Pools[i]);
            string now = Describe(after.Pools[i]);
            if (!string.Equals(was, now, StringComparison.Ordinal))
            {
                string pool = after.Pools[i].Pool.Name;
                string change = $"{pool} answers {was} → {now}";
                Log.AnswerSetChanged(_logger, change);
                _events.Add(LoadBalancingEventKind.AnswerSetChanged, pool, null, change);
            }
        }
    }

    private static string Describe(PoolTable table)
    {
        var effective = table.Effective;
        return effective.Outcome switch
        {
            PoolOutcome.ServFail => "SERVFAIL",
            PoolOutcome.NoData => "nothing",
            _ => ReferenceEquals(effective, table) ? effective.Candidates.ToString() : $"{effective.Candidates} (pool {effective.Pool.Name})",
        };
    }

    /// <summary>Explains the answer a query for the name and type from the client would get now (one draw).</summary>
    public Explanation Explain(DnsName name, RecordType type, IPAddress client, ClientSubnet? ecs)
    {
        ArgumentNullException.ThrowIfNull(name);
        var state = _state.Current;
        var address = ClientAddress.FromIPAddress(client);
        var options = state.Model.Options.ClientSubnet;
        var location = ecs is { } subnet && options.Enabled
            ? ClientLocator.FromClientSubnet(subnet, address, options.MaxSourcePrefixV4, options.MaxSourcePrefixV6)
            : ClientLocator.BySource(address, echoScope: false);
        string typeText = Protocol.Records.RecordTypeText.ToText(type);
        int poolIndex = state.TryFind(name.ToLowerWire(), out var entry) ? entry.For(type) : -1;
        var locatedBy = location.FromClientSubnet ? LocationSource.ClientSubnet : LocationSource.SourceAddress;
        string shown = location.FromClientSubnet ? $"{client} (subnet {ecs})" : client.ToString();
        if (poolIndex < 0)
        {
            return new Explanation(name.ToString(), typeText, null, "", locatedBy, shown, null, RegionSource.None, false, [], 0, "", "zone answer", [], null);
        }

        var table = state.Pools[poolIndex];
        location.ResolveRegion(state.Model.RegionMap);
        string? region = location.Region >= 0 ? state.Model.RegionMap.Names[location.Region] : null;
        bool fallback = table.Pool.Mode == PoolMode.Geo && (location.Region < 0 || table.Effective.ByRegion.Length <= location.Region
            || table.Effective.ByRegion[location.Region] is null);
        var answer = state.Selector.Select(state, table, ref location, count: false);
        var candidates = new HashSet<int>(table.Effective.Candidates.MemberIds);
        var members = table.Pool.Members.Select(m => new CandidateInfo(
            m.Address.ToString(), m.Weight, m.Priority, m.Region, state.Health[m.Id], candidates.Contains(m.Id))).ToList();
        return new Explanation(
            name.ToString(), typeText, table.Pool.Name, table.Pool.Mode.ToString(), locatedBy, shown, region, location.RegionSource,
            fallback, members, answer.Ttl, table.TtlReason, answer.Outcome.ToString(),
            [.. answer.Records.ToArray().Select(r => r.ToString())], location.EchoScope ? (location.FromClientSubnet ? answer.Scope : 0) : null);
    }

    /// <summary>Answers per member since the model was loaded, against the shares the weights give.</summary>
    public PoolStatistics[] Statistics()
    {
        var state = _state.Current;
        return [.. state.Pools.Select(table =>
        {
            var candidates = table.Effective.Candidates;
            long total = table.Pool.Members.Sum(m => state.Counters.Read(m.Id));
            var members = table.Pool.Members.Select(m =>
            {
                long answers = state.Counters.Read(m.Id);
                int index = Array.IndexOf(candidates.MemberIds, m.Id);
                double configured = index < 0 || candidates.TotalWeight == 0 ? 0 : (double)candidates.Weights[index] / candidates.TotalWeight;
                return new MemberStatistics(m.Address.ToString(), answers, total == 0 ? 0 : (double)answers / total, configured, index >= 0);
            }).ToList();
            return new PoolStatistics(table.Pool.Name, total, members);
        })];
    }
}
