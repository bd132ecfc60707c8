using DnsServer.Api.Zones;
using DnsServer.LoadBalancing;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;

namespace DnsServer.Api.Balancing;

/// <summary>What the load-balancing routes work with; the server composes it from its own services.</summary>
public sealed record BalancingServices(
    LoadBalancingConfiguration Configuration,
    LoadBalancer Balancer,
    HealthMonitor Monitor,
    FaultInjector Faults,
    EventList Events)
{
    /// <summary>
    /// Turns the builder's errors (<c>LoadBalancing:Pools:web:Members:0:Weight: must be …</c>) into
    /// a 422 naming the fields: relative to the pool for pool changes (<c>members[0].weight</c>),
    /// the configuration key otherwise.
    /// </summary>
    internal static ApiProblemException Refused(IReadOnlyList<string> errors, string? pool = null)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            int split = error.IndexOf(": ", StringComparison.Ordinal);
            string key = split > 0 ? error[..split] : "LoadBalancing";
            string message = split > 0 ? error[(split + 2)..] : error;
            string field = FieldOf(key, pool);
            if (!fields.TryGetValue(field, out var list))
            {
                fields[field] = list = [];
            }

            list.Add(message);
        }

        return ApiProblemException.Invalid(fields.ToDictionary(f => f.Key, f => f.Value.ToArray()));
    }

    private static string FieldOf(string key, string? pool)
    {
        string prefix = $"LoadBalancing:Pools:{pool}:";
        if (pool is null || !key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return key;
        }

        var parts = key[prefix.Length..].Split(':');
        var field = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out int index))
            {
                field.Append('[').Append(index).Append(']');
            }
            else
            {
                field.Append(field.Length > 0 ? "." : "").Append(char.ToLowerInvariant(part[0])).Append(part.AsSpan(1));
            }
        }

        return field.ToString();
    }
}
