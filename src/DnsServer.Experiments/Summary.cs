using System.Text.Json;
using System.Text.Json.Serialization;

namespace DnsServer.Experiments;

/// <summary>The numbers of a run, as summary.json holds them and report.html shows them.</summary>
internal sealed record Summary(
    string Name,
    string Type,
    string Server,
    string? Resolver,
    int Clients,
    long IntervalMs,
    long DurationMs,
    long QueriesSent,
    long QueriesLost,
    long EmptyAnswers,
    long AnswerUses,
    IReadOnlyList<string> Members,
    ThresholdSummary? Thresholds,
    IReadOnlyList<ActionSummary> Actions)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter<ConvergenceKind>() },
    };

    public static Summary From(ExperimentResult result)
    {
        var spec = result.Spec;
        var actions = new List<ActionSummary>();
        var ordered = result.Actions.OrderBy(a => a.AtMs).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            var action = ordered[i];
            long windowEnd = i + 1 < ordered.Count ? ordered[i + 1].AtMs : result.DurationMs;
            var measured = Convergence.Measure(result.Uses, spec.Clients.Count, action, windowEnd);
            actions.Add(new ActionSummary(action.AtMs, windowEnd, action.Label, action.Kind, action.Member, action.Error,
                measured.Affected, measured.Converged, measured.P50Ms, measured.P90Ms, measured.P99Ms, measured.P100Ms));
        }

        var thresholds = result.Thresholds is { } t
            ? new ThresholdSummary(t.Source, t.Ttl, t.IntervalSeconds, t.TimeoutSeconds, t.Fall, t.Rise, t.Jitter,
                (long)Math.Round(t.LowerBoundSeconds * 1000), (long)Math.Round(t.UpperBoundSeconds * 1000))
            : null;
        return new Summary(spec.Name, spec.Type, spec.Server, spec.Clients.Resolver, spec.Clients.Count,
            (long)spec.Clients.Interval.TotalMilliseconds, result.DurationMs, result.QueriesSent, result.QueriesLost,
            result.EmptyAnswers, result.Uses.Count, [.. result.Uses.Select(u => u.Address).Distinct().Order(StringComparer.Ordinal)],
            thresholds, actions);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>The TTL and thresholds beside the bound they give for a member that dies.</summary>
internal sealed record ThresholdSummary(
    string Source,
    double Ttl,
    double IntervalSeconds,
    double TimeoutSeconds,
    int Fall,
    int Rise,
    double Jitter,
    long LowerBoundMs,
    long UpperBoundMs);

/// <summary>One action and how the clients converged after it (ms after the action; null: not in the window).</summary>
internal sealed record ActionSummary(
    long AtMs,
    long WindowEndMs,
    string Label,
    ConvergenceKind Kind,
    string? Member,
    string? Error,
    int Affected,
    int Converged,
    long? P50Ms,
    long? P90Ms,
    long? P99Ms,
    long? P100Ms);
