using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative;

/// <summary>Authoritative log messages; event IDs 2000–2099, next free: 2005.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Zone {Zone} loaded: serial {Serial}, {Records} records, from {Source}")]
    public static partial void ZoneLoaded(ILogger logger, string zone, uint serial, int records, string source);

    [LoggerMessage(2001, LogLevel.Error, "{Error}")]
    public static partial void ZoneError(ILogger logger, string error);

    [LoggerMessage(2002, LogLevel.Error, "Zone {Zone} from {Path} is not served: {Count} error(s)")]
    public static partial void ZoneNotServed(ILogger logger, string zone, string path, int count);

    [LoggerMessage(2003, LogLevel.Warning, "{Warning}")]
    public static partial void ZoneWarning(ILogger logger, string warning);

    [LoggerMessage(2004, LogLevel.Warning, "Zone {Zone} from {Path} is hidden by the managed zone of the same name")]
    public static partial void FileZoneHidden(ILogger logger, string zone, string path);
}
