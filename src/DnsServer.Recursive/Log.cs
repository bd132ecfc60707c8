using Microsoft.Extensions.Logging;

namespace DnsServer.Recursive;

/// <summary>Resolver log messages; event IDs 3000–3099, next free: 3006.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Root priming done: {Count} root name servers")]
    public static partial void Primed(ILogger logger, int count);

    [LoggerMessage(3001, LogLevel.Warning, "Root priming failed ({Reason}); retrying in {Delay}")]
    public static partial void PrimingFailed(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(3002, LogLevel.Debug, "Resolution of {Name} {Type} failed: {Reason}")]
    public static partial void ResolutionFailed(ILogger logger, string name, string type, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Root hints from {Path}: {Servers} name servers, {Addresses} addresses")]
    public static partial void RootHintsLoaded(ILogger logger, string path, int servers, int addresses);

    [LoggerMessage(3004, LogLevel.Debug, "Upstream {Server} for {Question}: {Outcome}")]
    public static partial void UpstreamOutcome(ILogger logger, string server, string question, string outcome);

    [LoggerMessage(3005, LogLevel.Debug, "Prefetch of {Name} {Type} failed: {Reason}")]
    public static partial void PrefetchFailed(ILogger logger, string name, string type, string reason);
}
