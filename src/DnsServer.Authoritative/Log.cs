using Microsoft.Extensions.Logging;

namespace DnsServer.Authoritative;

/// <summary>Authoritative log messages; event IDs 2000–2999; zones 2000–2099 (next free: 2005), transfers, TSIG and NOTIFY 2100–2199 (next free: 2112); dynamic update 2200–2299 (next free: 2205).</summary>
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
    [LoggerMessage(2100, LogLevel.Information, "{Type} of {Zone} serial {Serial} to {Client}: {Messages} message(s) in {Milliseconds:F1} ms")]
    public static partial void TransferSent(ILogger logger, string type, string zone, uint serial, string client, int messages, double milliseconds);

    [LoggerMessage(2101, LogLevel.Warning, "{Type} of {Zone} refused to {Client}")]
    public static partial void TransferRefused(ILogger logger, string type, string zone, string client);

    [LoggerMessage(2102, LogLevel.Warning, "TSIG from {Client} with key {Key} rejected: {Error}")]
    public static partial void TsigRejected(ILogger logger, string client, string key, string error);

    [LoggerMessage(2103, LogLevel.Information, "NOTIFY for {Zone} serial {Serial} to {Target} acknowledged after {Attempts} attempt(s)")]
    public static partial void NotifyAcknowledged(ILogger logger, string zone, uint serial, string target, int attempts);

    [LoggerMessage(2104, LogLevel.Warning, "NOTIFY for {Zone} to {Target} not acknowledged after {Attempts} attempt(s)")]
    public static partial void NotifyUnanswered(ILogger logger, string zone, string target, int attempts);

    [LoggerMessage(2105, LogLevel.Information, "Secondary zone {Zone}: serial {Serial} from {Primary} by {Method}, {Records} records")]
    public static partial void SecondaryTransferred(ILogger logger, string zone, uint serial, string primary, string method, int records);

    [LoggerMessage(2106, LogLevel.Warning, "Secondary zone {Zone}: refresh from {Primary} failed: {Reason}")]
    public static partial void SecondaryRefreshFailed(ILogger logger, string zone, string primary, string reason);

    [LoggerMessage(2107, LogLevel.Error, "Secondary zone {Zone} expired: answering SERVFAIL until a primary answers")]
    public static partial void SecondaryExpired(ILogger logger, string zone);

    [LoggerMessage(2108, LogLevel.Information, "NOTIFY for secondary zone {Zone} from {Client}: refreshing")]
    public static partial void NotifyReceived(ILogger logger, string zone, string client);

    [LoggerMessage(2109, LogLevel.Information, "Secondary zone {Zone}: serial {Serial} loaded from {Path}")]
    public static partial void SecondaryLoadedFromDisk(ILogger logger, string zone, uint serial, string path);

    [LoggerMessage(2110, LogLevel.Warning, "Secondary zone {Zone}: could not keep the copy at {Path}")]
    public static partial void SecondarySaveFailed(ILogger logger, Exception exception, string zone, string path);

    [LoggerMessage(2111, LogLevel.Warning, "NOTIFY for {Zone} failed")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string zone);

    [LoggerMessage(2200, LogLevel.Information, "UPDATE of {Zone} from {Client}: serial {Serial}, {Updates} update record(s)")]
    public static partial void UpdateApplied(ILogger logger, string zone, uint serial, string client, int updates);

    [LoggerMessage(2201, LogLevel.Warning, "UPDATE of {Zone} refused to {Client} ({Key})")]
    public static partial void UpdateRefused(ILogger logger, string zone, string client, string key);

    [LoggerMessage(2202, LogLevel.Information, "UPDATE for {Zone} from {Client}: not a zone we are the primary of")]
    public static partial void UpdateNotAuth(ILogger logger, string zone, string client);

    [LoggerMessage(2203, LogLevel.Warning, "UPDATE of {Zone} from {Client} rejected ({Rcode}): {Reason}")]
    public static partial void UpdateRejected(ILogger logger, string zone, string client, string rcode, string reason);

    [LoggerMessage(2204, LogLevel.Information, "UPDATE of {Zone} from {Client} not applied: {Rcode}")]
    public static partial void UpdateNotApplied(ILogger logger, string zone, string client, string rcode);
}
