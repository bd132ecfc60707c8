using System.Collections.Frozen;
using System.Net.Sockets;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>The pools answering one name: by type (A, AAAA), as indexes into the pool tables.</summary>
internal sealed record PoolRecordEntry(DnsName Name, int PoolA, int PoolAaaa)
{
    public int For(RecordType type) => type switch
    {
        RecordType.A => PoolA,
        RecordType.AAAA => PoolAaaa,
        _ => -1,
    };
}

/// <summary>
/// Everything the query path reads, for one model and one health view: the record lookup by
/// lowered wire name, the pool tables, the per-member records and counters. Immutable once
/// published; a health change builds a new one that shares the model's parts.
/// </summary>
internal sealed class SelectionState
{
    private readonly FrozenDictionary<byte[], PoolRecordEntry> _records;
    private readonly FrozenDictionary<byte[], PoolRecordEntry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    private SelectionState(
        LoadBalancingModel model, HealthView health, RData[] recordsById, FrozenDictionary<byte[], PoolRecordEntry> records,
        AnswerCounters counters, RotationCounter[] rotations, PoolSelector selector)
    {
        Selector = selector;
        Model = model;
        Health = health;
        RecordsById = recordsById;
        _records = records;
        _lookup = records.GetAlternateLookup<ReadOnlySpan<byte>>();
        Counters = counters;
        Rotations = rotations;
        Pools = PoolTable.BuildAll(model, health, recordsById);
        HasRecords = records.Count > 0;
        RotateRRsets = model.Options.RotateRRsets;
    }

    public LoadBalancingModel Model { get; }

    /// <summary>Draws answers; replaced with the model when the seed changes.</summary>
    public PoolSelector Selector { get; }

    public HealthView Health { get; }

    public RData[] RecordsById { get; }

    public PoolTable[] Pools { get; }

    public AnswerCounters Counters { get; }

    public RotationCounter[] Rotations { get; }

    public bool HasRecords { get; }

    public bool RotateRRsets { get; }

    /// <summary>True when the stage has anything to do.</summary>
    public bool IsActive => HasRecords || RotateRRsets;

    public static SelectionState Create(LoadBalancingModel model, HealthView health, PoolSelector selector)
    {
        var recordsById = model.Members.Select(m => m.Address.AddressFamily == AddressFamily.InterNetwork
            ? (RData)new ARData(m.Address) : new AaaaRData(m.Address)).ToArray();
        var entries = new Dictionary<DnsName, PoolRecordEntry>();
        foreach (var record in model.Records)
        {
            var name = record.Name.ToLowerInvariant();
            var entry = entries.GetValueOrDefault(name) ?? new PoolRecordEntry(name, -1, -1);
            entries[name] = record.Type == RecordType.A ? entry with { PoolA = record.Pool.Index } : entry with { PoolAaaa = record.Pool.Index };
        }

        var records = entries.ToFrozenDictionary(e => e.Key.ToLowerWire(), e => e.Value, WireNameComparer.Instance);
        var rotations = model.Pools.Select(_ => new RotationCounter()).ToArray();
        return new SelectionState(model, health, recordsById, records, new AnswerCounters(model.Members.Count), rotations, selector);
    }

    public SelectionState WithHealth(HealthView health) => new(Model, health, RecordsById, _records, Counters, Rotations, Selector);

    public bool TryFind(ReadOnlySpan<byte> lowerName, out PoolRecordEntry entry) => _lookup.TryGetValue(lowerName, out entry!);

    public PoolTable? FindPool(string name) => Array.Find(Pools, p => string.Equals(p.Pool.Name, name, StringComparison.Ordinal));
}

/// <summary>Compares lowered wire names by their bytes; the lookup key of the pool records.</summary>
internal sealed class WireNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static WireNameComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}

/// <summary>The state the query path reads; swapped whole when a model or health view arrives.</summary>
internal sealed class SelectionStateHolder(SelectionState initial)
{
    private SelectionState _current = initial;

    public SelectionState Current => Volatile.Read(ref _current);

    public void Set(SelectionState state) => Volatile.Write(ref _current, state);
}
