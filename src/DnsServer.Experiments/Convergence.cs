namespace DnsServer.Experiments;

/// <summary>How clients should move after an action.</summary>
internal enum ConvergenceKind
{
    /// <summary>A member failed: a client has converged once it no longer uses that member.</summary>
    Leave,

    /// <summary>Weights or health changed for the better: a client has converged once it uses an answer fetched after the action.</summary>
    Refresh,
}

/// <summary>An action as it happened: when (ms since time 0), what, and the member it concerns.</summary>
internal sealed record ActionRecord(long AtMs, string Label, ConvergenceKind Kind, string? Member, string? Error);

/// <summary>Times (ms after the action) at which 50, 90, 99 and 100% of the affected clients had converged; null when never in the window.</summary>
internal sealed record ConvergenceResult(int Affected, int Converged, long? P50Ms, long? P90Ms, long? P99Ms, long? P100Ms);

/// <summary>
/// The convergence maths of docs/experiments.md, from the answer uses alone.
/// <para>Leave: the affected clients are those whose current answer (the last one they used at or
/// before the action) is the member. Each has converged at the time of its first use, after the
/// action, of another address after which it used the member no more before the window ends.</para>
/// <para>Refresh: every client is affected; each has converged at its first use of an answer that
/// came from a query (not its cache) after the action.</para>
/// The p-quantile is the ceil(p × affected)-th smallest convergence time; null when fewer converged.
/// </summary>
internal static class Convergence
{
    public static readonly double[] Levels = [0.5, 0.9, 0.99, 1.0];

    /// <param name="uses">every use, in time order</param>
    /// <param name="clients">the number of clients</param>
    /// <param name="action">the action</param>
    /// <param name="windowEndMs">the next action's time, or the end of the run</param>
    public static ConvergenceResult Measure(IReadOnlyList<AnswerUse> uses, int clients, ActionRecord action, long windowEndMs)
    {
        var times = action.Kind == ConvergenceKind.Leave && action.Member is not null
            ? LeaveTimes(uses, clients, action.AtMs, windowEndMs, action.Member)
            : RefreshTimes(uses, clients, action.AtMs, windowEndMs);
        int affected = times.Count;
        var converged = times.Where(t => t is not null).Select(t => t!.Value - action.AtMs).Order().ToList();
        var quantiles = Levels.Select(level => Quantile(converged, affected, level)).ToArray();
        return new ConvergenceResult(affected, converged.Count, quantiles[0], quantiles[1], quantiles[2], quantiles[3]);
    }

    /// <summary>The ceil(p × affected)-th smallest time, or null when fewer clients converged (or none were affected).</summary>
    public static long? Quantile(IReadOnlyList<long> sortedTimes, int affected, double level)
    {
        if (affected == 0)
        {
            return null;
        }

        int rank = (int)Math.Ceiling((level * affected) - 1e-9);
        rank = Math.Clamp(rank, 1, affected);
        return rank <= sortedTimes.Count ? sortedTimes[rank - 1] : null;
    }

    private static List<long?> LeaveTimes(IReadOnlyList<AnswerUse> uses, int clients, long atMs, long endMs, string member)
    {
        var current = new string?[clients];
        var movedAt = new long?[clients];
        int i = 0;
        for (; i < uses.Count && uses[i].TimeMs <= atMs; i++)
        {
            current[uses[i].Client] = uses[i].Address;
        }

        var affected = new bool[clients];
        for (int client = 0; client < clients; client++)
        {
            affected[client] = current[client] == member;
        }

        for (; i < uses.Count && uses[i].TimeMs < endMs; i++)
        {
            var use = uses[i];
            if (!affected[use.Client])
            {
                continue;
            }

            if (use.Address == member)
            {
                movedAt[use.Client] = null;
            }
            else
            {
                movedAt[use.Client] ??= use.TimeMs;
            }
        }

        return [.. Enumerable.Range(0, clients).Where(c => affected[c]).Select(c => movedAt[c])];
    }

    private static List<long?> RefreshTimes(IReadOnlyList<AnswerUse> uses, int clients, long atMs, long endMs)
    {
        var refreshedAt = new long?[clients];
        foreach (var use in uses)
        {
            if (use.TimeMs > atMs && use.TimeMs < endMs && !use.FromCache)
            {
                refreshedAt[use.Client] ??= use.TimeMs;
            }
        }

        return [.. refreshedAt];
    }
}
