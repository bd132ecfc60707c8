using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Cache;

namespace DnsServer.Recursive.Resolution;

/// <summary>Extended DNS Error codes used here (RFC 8914 §4).</summary>
internal static class ExtendedError
{
    public const ushort Other = 0;

    public const ushort StaleAnswer = 3;

    public const ushort StaleNxDomainAnswer = 19;

    public const ushort NoReachableAuthority = 22;
}

/// <summary>The outcome of resolving one question: the rcode, the answer chain, and the SOA of a negative answer.</summary>
internal sealed record ResolutionResult(ResponseCode Rcode, IReadOnlyList<CacheEntry> Chain, RRset? Soa, uint SoaTtl)
{
    public ushort? ErrorCode { get; init; }

    public string? ErrorText { get; init; }

    /// <summary>The cached negative entry, when the negative answer could be cached.</summary>
    public CacheEntry? NegativeEntry { get; init; }

    public static ResolutionResult Failure(ushort code, string text) =>
        new(ResponseCode.ServFail, [], null, 0) { ErrorCode = code, ErrorText = text };
}

/// <summary>
/// A limit was reached. <see cref="Fatal"/> limits belong to the whole client query (sub-queries,
/// time) and end it; others end only the side query that met them.
/// </summary>
internal sealed class ResolutionLimitException(ushort code, string message, bool fatal) : Exception(message)
{
    public ushort Code { get; } = code;

    public bool Fatal { get; } = fatal;
}

/// <summary>What one client query may still spend: sub-queries and time, shared with its side queries.</summary>
internal sealed class ResolutionBudget(RecursiveOptions options, TimeProvider time)
{
    private readonly long _deadlineTicks = time.GetUtcNow().UtcTicks + options.MaxQueryTime.Ticks;

    public int SubQueries { get; private set; }

    /// <summary>Side queries under way, so a delegation whose servers need each other ends instead of looping.</summary>
    public HashSet<DnsName> InProgress { get; } = [];

    public TimeSpan Remaining => TimeSpan.FromTicks(Math.Max(0, _deadlineTicks - time.GetUtcNow().UtcTicks));

    public void TakeSubQuery()
    {
        if (Remaining <= TimeSpan.Zero)
        {
            throw new ResolutionLimitException(ExtendedError.Other, $"time limit of {options.MaxQueryTime.TotalSeconds:0.#} s reached", fatal: true);
        }

        if (++SubQueries > options.MaxSubQueries)
        {
            throw new ResolutionLimitException(ExtendedError.Other, $"limit of {options.MaxSubQueries} upstream queries reached", fatal: true);
        }
    }
}
