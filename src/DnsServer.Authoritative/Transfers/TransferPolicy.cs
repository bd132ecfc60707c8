using System.Net;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Tsig;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// The transfer settings compiled once at start: the TSIG keys, who may transfer which zone, whom
/// to notify, and the secondary zones with their primaries.
/// </summary>
public sealed class TransferPolicy
{
    private readonly IReadOnlyList<AddressPrefix> _global;
    private readonly Dictionary<DnsName, ZonePolicy> _zones = [];
    private readonly Dictionary<DnsName, SecondaryPolicy> _secondaries = [];

    public TransferPolicy(TransferOptions options, IEnumerable<TsigKeyOptions> keys)
    {
        Options = options;
        Keys = new TsigKeyRing(keys.Select(k => TsigKey.Parse(k.Name, k.Algorithm, k.Secret)));
        _global = [.. options.AllowTransfer.SelectMany(AddressPrefix.ParseList)];
        foreach (var (name, zone) in options.Zones)
        {
            _zones[ParseZone(name)] = new ZonePolicy(
                [.. zone.AllowTransfer.SelectMany(AddressPrefix.ParseList)],
                [.. zone.TransferKeys.Select(k => RequireKey(k, name).Name)],
                [.. zone.Notify.Select(ParseEndpoint)],
                zone.NotifyKey is null ? null : RequireKey(zone.NotifyKey, name),
                [.. zone.AllowUpdate.SelectMany(AddressPrefix.ParseList)],
                [.. zone.UpdateKeys.Select(k => RequireKey(k, name).Name)]);
        }

        foreach (var (name, zone) in options.Secondaries)
        {
            if (zone.Primaries.Count == 0)
            {
                throw new InvalidOperationException($"secondary zone {name}: no Primaries");
            }

            _secondaries[ParseZone(name)] = new SecondaryPolicy(
                ParseZone(name),
                [.. zone.Primaries.Select(ParseEndpoint)],
                zone.Key is null ? null : RequireKey(zone.Key, name),
                zone.MaxRefresh,
                zone.ExpireOverride);
        }
    }

    public static TransferPolicy Empty { get; } = new(new TransferOptions(), []);

    public TransferOptions Options { get; }

    public TsigKeyRing Keys { get; }

    public IEnumerable<SecondaryPolicy> Secondaries => _secondaries.Values;

    public SecondaryPolicy? FindSecondary(DnsName zone) => _secondaries.GetValueOrDefault(zone);

    /// <summary>
    /// May this client transfer this zone? A valid TSIG with one of the zone's transfer keys
    /// allows it from anywhere; otherwise the address must be in the global or the zone's prefixes.
    /// </summary>
    public bool MayTransfer(DnsName zone, ClientAddress client, TsigKey? key)
    {
        var policy = _zones.GetValueOrDefault(zone);
        if (key is not null && policy is not null && policy.TransferKeys.Contains(key.Name))
        {
            return true;
        }

        return _global.Any(p => p.Contains(client)) || (policy?.AllowTransfer.Any(p => p.Contains(client)) ?? false);
    }

    /// <summary>
    /// May this client update this zone (RFC 2136)? A valid TSIG with one of the zone's update keys
    /// allows it from anywhere, an address in the zone's <c>AllowUpdate</c> prefixes without one;
    /// nobody may by default.
    /// </summary>
    public bool MayUpdate(DnsName zone, ClientAddress client, TsigKey? key)
    {
        if (_zones.GetValueOrDefault(zone) is not { } policy)
        {
            return false;
        }

        return (key is not null && policy.UpdateKeys.Contains(key.Name)) || policy.AllowUpdate.Any(p => p.Contains(client));
    }

    /// <summary>The secondaries to notify of a change to <paramref name="zone"/>, and the key to sign with.</summary>
    public (IReadOnlyList<IPEndPoint> Targets, TsigKey? Key) NotifyTargets(DnsName zone) =>
        _zones.GetValueOrDefault(zone) is { } policy ? (policy.Notify, policy.NotifyKey) : ([], null);

    private TsigKey RequireKey(string name, string zone) =>
        Keys.Find(DnsName.Parse(name.EndsWith('.') ? name : name + "."))
        ?? throw new InvalidOperationException($"zone {zone}: TSIG key '{name}' is not among TsigKeys");

    private static DnsName ParseZone(string name) => DnsName.Parse(name.EndsWith('.') ? name : name + ".");

    /// <summary>Parses <c>ADDR:PORT</c>, or a bare address for port 53.</summary>
    public static IPEndPoint ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            if (endpoint.Port == 0)
            {
                endpoint.Port = 53;
            }

            return endpoint;
        }

        throw new FormatException($"'{text}' is not ADDR:PORT");
    }

    private sealed record ZonePolicy(
        IReadOnlyList<AddressPrefix> AllowTransfer,
        IReadOnlyList<DnsName> TransferKeys,
        IReadOnlyList<IPEndPoint> Notify,
        TsigKey? NotifyKey,
        IReadOnlyList<AddressPrefix> AllowUpdate,
        IReadOnlyList<DnsName> UpdateKeys);
}

/// <summary>A secondary zone's primaries, key and test overrides.</summary>
public sealed record SecondaryPolicy(DnsName Zone, IReadOnlyList<IPEndPoint> Primaries, TsigKey? Key, TimeSpan? MaxRefresh, TimeSpan? ExpireOverride)
{
    /// <summary>NOTIFY is accepted from the primaries' addresses only (RFC 1996 §3.10).</summary>
    public bool IsPrimary(ClientAddress client) =>
        Primaries.Any(p => ClientAddress.FromIPAddress(p.Address) == client);
}
