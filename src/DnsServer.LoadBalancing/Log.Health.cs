using Microsoft.Extensions.Logging;

namespace DnsServer.LoadBalancing;

/// <summary>Health-check and fault log messages; event IDs 6050–6099, next free: 6057.</summary>
internal static partial class Log
{
    [LoggerMessage(6050, LogLevel.Information, "Member {Member} {State}: {Reason} (at {Time:O}, {Elapsed} after start)")]
    public static partial void HealthChanged(ILogger logger, string member, string state, string reason, DateTimeOffset time, TimeSpan elapsed);

    [LoggerMessage(6051, LogLevel.Information, "Fault started: {Fault} (at {Time:O}, {Elapsed} after start)")]
    public static partial void FaultStarted(ILogger logger, string fault, DateTimeOffset time, TimeSpan elapsed);

    [LoggerMessage(6052, LogLevel.Information, "Fault ended ({Why}): {Fault} (at {Time:O}, {Elapsed} after start)")]
    public static partial void FaultEnded(ILogger logger, string fault, string why, DateTimeOffset time, TimeSpan elapsed);

    [LoggerMessage(6053, LogLevel.Debug, "Health check of {Member} failed: {Error}")]
    public static partial void CheckFailed(ILogger logger, string member, string error);

    [LoggerMessage(6054, LogLevel.Information, "Health monitor: {Checked} members checked, {Unchecked} not checked, {Kept} kept their state")]
    public static partial void HealthApplied(ILogger logger, int @checked, int @unchecked, int kept);

    [LoggerMessage(6055, LogLevel.Error, "Health-check loop of {Member} failed")]
    public static partial void CheckLoopFailed(ILogger logger, string member, Exception exception);

    [LoggerMessage(6056, LogLevel.Warning, "Health-check probe of {Member} threw")]
    public static partial void ProbeThrew(ILogger logger, string member, Exception exception);
}
