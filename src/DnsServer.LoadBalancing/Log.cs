using Microsoft.Extensions.Logging;

namespace DnsServer.LoadBalancing;

/// <summary>
/// Log messages of load balancing; event IDs 6000–6099. Configuration and answers use 6000–6049
/// (next free: 6004), health checks and faults 6050–6099 in Log.Health.cs.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Error, Message = "Load-balancing configuration rejected: {Error}")]
    public static partial void ConfigurationError(ILogger logger, string error);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Load-balancing configuration loaded: {Pools} pools, {Members} members, {Records} records")]
    public static partial void ConfigurationLoaded(ILogger logger, int pools, int members, int records);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Answer set changed: {Change}")]
    public static partial void AnswerSetChanged(ILogger logger, string change);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "GeoIP database {Path} loaded: {Ranges} address ranges for {Regions} regions")]
    public static partial void GeoIpLoaded(ILogger logger, string path, int ranges, int regions);
}
