using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Regions;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;

namespace DnsServer.LoadBalancing.Model;

/// <summary>
/// The load-balancing configuration compiled and checked: pools, members with ids, records, the
/// region map. Immutable; a configuration reload builds a new one and swaps it in whole.
/// </summary>
public sealed class LoadBalancingModel
{
    public static LoadBalancingModel Empty { get; } = new() { Pools = [], Members = [], Records = [], Options = new LoadBalancingOptions() };

    public required IReadOnlyList<PoolModel> Pools { get; init; }

    /// <summary>Every member of every pool, by <see cref="MemberModel.Id"/>.</summary>
    public required IReadOnlyList<MemberModel> Members { get; init; }

    public required IReadOnlyList<PoolRecordModel> Records { get; init; }

    /// <summary>The options this model was built from (for status and explain output).</summary>
    public required LoadBalancingOptions Options { get; init; }

    /// <summary>Resolvers whose Client Subnet option is used; empty: every client's.</summary>
    public IReadOnlyList<AddressPrefix> TrustedClients { get; init; } = [];

    /// <summary>Configured region prefixes and GeoIP ranges.</summary>
    internal RegionMap RegionMap { get; init; } = RegionMap.Empty;

    public PoolModel? FindPool(string name)
    {
        foreach (var pool in Pools)
        {
            if (string.Equals(pool.Name, name, StringComparison.Ordinal))
            {
                return pool;
            }
        }

        return null;
    }
}

/// <summary>A name answered from a pool.</summary>
public sealed record PoolRecordModel(DnsName Name, RecordType Type, PoolModel Pool);
