using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>What a pool answers under one health view.</summary>
internal enum PoolOutcome : byte
{
    Answer,
    NoData,
    ServFail,
}

/// <summary>
/// A pool's candidates under one health view: the members of the lowest priority with one up, or
/// what <see cref="PoolModel.WhenAllDown"/> says; for Geo pools, the candidates per region.
/// Built off the query path whenever a model or a health view arrives.
/// </summary>
internal sealed class PoolTable
{
    private PoolTable(PoolModel pool, PoolOutcome outcome, CandidateSet candidates, uint ttl, string ttlReason, bool allDown)
    {
        Pool = pool;
        Outcome = outcome;
        Candidates = candidates;
        Ttl = ttl;
        TtlReason = ttlReason;
        AllDown = allDown;
        Effective = this;
        ByRegion = [];
    }

    public PoolModel Pool { get; }

    public PoolOutcome Outcome { get; }

    public CandidateSet Candidates { get; }

    /// <summary>Geo: the candidates of each region by region index (null: none there).</summary>
    public CandidateSet?[] ByRegion { get; private set; }

    /// <summary>Geo: the candidates for clients whose region has none (the fallback region's, or all).</summary>
    public CandidateSet? Fallback { get; private set; }

    public uint Ttl { get; }

    public string TtlReason { get; }

    public bool AllDown { get; }

    /// <summary>The table answers come from: this one, or the backup pool's when every member is down.</summary>
    public PoolTable Effective { get; private set; }

    public static PoolTable[] BuildAll(LoadBalancingModel model, HealthView health, RData[] recordsById)
    {
        var tables = new PoolTable[model.Pools.Count];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = Build(model, model.Pools[i], health, recordsById);
        }

        foreach (var table in tables)
        {
            table.Effective = ResolveBackup(table, tables, recordsById);
        }

        return tables;
    }

    private static PoolTable ResolveBackup(PoolTable table, PoolTable[] tables, RData[] recordsById)
    {
        var current = table;
        for (int hops = 0; hops <= tables.Length; hops++)
        {
            if (!current.AllDown || current.Pool.WhenAllDown != AllDownAction.BackupPool)
            {
                return current;
            }

            var backup = Array.Find(tables, t => string.Equals(t.Pool.Name, current.Pool.BackupPool, StringComparison.Ordinal));
            if (backup is null)
            {
                break;
            }

            current = backup;
        }

        // A cycle of pools that are all down (the builder rejects cycles; this guards anyway): fail open.
        return new PoolTable(table.Pool, PoolOutcome.Answer, new CandidateSet(table.Pool.Members, recordsById), table.Ttl, table.TtlReason, true);
    }

    private static PoolTable Build(LoadBalancingModel model, PoolModel pool, HealthView health, RData[] recordsById)
    {
        var up = pool.Members.Where(m => health.IsUp(m.Id)).ToList();
        var (ttl, reason) = ChooseTtl(pool, health, up.Count);
        if (up.Count == 0)
        {
            var outcome = pool.WhenAllDown switch
            {
                AllDownAction.AnswerNone => PoolOutcome.NoData,
                AllDownAction.ServFail => PoolOutcome.ServFail,
                _ => PoolOutcome.Answer,
            };
            var all = pool.WhenAllDown == AllDownAction.AnswerAll ? new CandidateSet(pool.Members, recordsById) : CandidateSet.Empty;
            return WithRegions(new PoolTable(pool, outcome, all, ttl, reason, allDown: true), model, recordsById);
        }

        int priority = up.Min(m => m.Priority);
        var candidates = new CandidateSet([.. up.Where(m => m.Priority == priority)], recordsById);
        return WithRegions(new PoolTable(pool, PoolOutcome.Answer, candidates, ttl, reason, allDown: false), model, recordsById);
    }

    private static (uint Ttl, string Reason) ChooseTtl(PoolModel pool, HealthView health, int upCount)
    {
        if (pool.Members.Any(m => !health.HasBeenChecked(m.Id)))
        {
            return (pool.TtlUnknown, "TtlUnknown: a member has not been checked yet");
        }

        if (upCount < pool.Members.Count)
        {
            return (pool.TtlDegraded, $"TtlDegraded: {pool.Members.Count - upCount} of {pool.Members.Count} members down");
        }

        return (pool.Ttl, "Ttl: every member is up");
    }

    private static PoolTable WithRegions(PoolTable table, LoadBalancingModel model, RData[] recordsById)
    {
        if (table.Pool.Mode != Configuration.PoolMode.Geo || table.Candidates.Count == 0)
        {
            return table;
        }

        var map = model.RegionMap;
        var byRegion = new CandidateSet?[map.Names.Count];
        foreach (var group in table.Candidates.Members.Where(m => m.Region is not null).GroupBy(m => m.Region!))
        {
            int index = map.IndexOf(group.Key);
            if (index >= 0)
            {
                byRegion[index] = new CandidateSet([.. group], recordsById);
            }
        }

        table.ByRegion = byRegion;
        string? fallback = table.Pool.FallbackRegion ?? model.Options.FallbackRegion;
        int fallbackIndex = map.IndexOf(fallback);
        table.Fallback = fallbackIndex >= 0 ? byRegion[fallbackIndex] : null;
        table.Fallback ??= table.Candidates;
        return table;
    }
}
