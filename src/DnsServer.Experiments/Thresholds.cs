using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DnsServer.Experiments;

/// <summary>
/// The pool's TTL and health-check thresholds, which bound how fast clients can move; from the
/// server's configuration file when the experiment names it, else from its <c>Expect</c> section.
/// Missing keys take the server's defaults (docs/load-balancing.md).
/// </summary>
internal sealed record Thresholds(string Source, double Ttl, double IntervalSeconds, double TimeoutSeconds, int Fall, int Rise, double Jitter)
{
    /// <summary>
    /// (Fall − 1) × Interval × (1 − Jitter): no member leaves the answers sooner after it dies. The
    /// first failing check can come at once (one was due, or in flight, when the member died); the
    /// Fall-th comes Fall − 1 intervals later, each shortened by the jitter at most.
    /// </summary>
    public double LowerBoundSeconds => (Fall - 1) * IntervalSeconds * (1 - Jitter);

    /// <summary>Fall × Interval + Timeout + TTL + Jitter × Interval + 1 s.</summary>
    public double UpperBoundSeconds => (Fall * IntervalSeconds) + TimeoutSeconds + Ttl + (Jitter * IntervalSeconds) + 1;

    public static Thresholds? Find(ExperimentSpec spec, string? pool)
    {
        if (spec.ConfigFile is { } path && File.Exists(path) && FromConfig(File.ReadAllText(path), pool, path) is { } fromConfig)
        {
            return fromConfig;
        }

        if (spec.Expect is not { } expect)
        {
            return null;
        }

        return new Thresholds(
            "the experiment's Expect section",
            expect.Ttl ?? 30,
            (expect.Interval ?? TimeSpan.FromSeconds(5)).TotalSeconds,
            (expect.Timeout ?? TimeSpan.FromSeconds(2)).TotalSeconds,
            expect.Fall ?? 3,
            expect.Rise ?? 2,
            expect.Jitter ?? 0.1);
    }

    /// <summary>Reads <c>LoadBalancing:Pools:POOL</c> (the only pool when <paramref name="pool"/> is null).</summary>
    public static Thresholds? FromConfig(string json, string? pool, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return null;
        }

        if (ConfigPools.Find(root, pool) is not { } node)
        {
            return null;
        }

        var check = node["HealthCheck"];
        return new Thresholds(
            source,
            Number(node[nameof(Ttl)]) ?? 30,
            Seconds(check?["Interval"]) ?? 5,
            Seconds(check?["Timeout"]) ?? 2,
            (int)(Number(check?[nameof(Fall)]) ?? 3),
            (int)(Number(check?[nameof(Rise)]) ?? 2),
            Number(check?[nameof(Jitter)]) ?? 0.1);
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out double number) ? number
        : node is JsonValue text && text.TryGetValue(out string? s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed
        : null;

    private static double? Seconds(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span.TotalSeconds : null;
}

/// <summary>Finding and changing pools in the server's JSON configuration.</summary>
internal static class ConfigPools
{
    public static JsonObject? Find(JsonNode? root, string? pool)
    {
        if (root?["LoadBalancing"]?["Pools"] is not JsonObject pools)
        {
            return null;
        }

        if (pool is not null)
        {
            return pools.FirstOrDefault(p => string.Equals(p.Key, pool, StringComparison.OrdinalIgnoreCase)).Value as JsonObject;
        }

        return pools.Count == 1 ? pools.First().Value as JsonObject : null;
    }

    /// <summary>
    /// Sets <c>LoadBalancing:Pools:POOL:Members[i].Weight</c> of the member with <paramref name="address"/> and
    /// writes the file atomically (a temporary file renamed over it), so the server's reload never reads half a file.
    /// </summary>
    public static void SetWeight(string path, string? pool, string address, int weight)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: options);
        var node = Find(root, pool) ?? throw new ExperimentException($"{path}: no pool {(pool is null ? "(name one with Pool: the file has several or none)" : $"'{pool}'")} under LoadBalancing:Pools");
        var member = (node["Members"] as JsonArray)?
            .OfType<JsonObject>()
            .FirstOrDefault(m => m["Address"] is JsonValue value && value.TryGetValue(out string? text) && text == address)
            ?? throw new ExperimentException($"{path}: pool has no member {address}");
        member["Weight"] = weight;

        string temporary = path + ".experiment.tmp";
        File.WriteAllText(temporary, root!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }
}
