using Microsoft.Extensions.Logging;

namespace DnsServer.Storage;

/// <summary>Storage log messages; event IDs 4000–4099, next free: 4001.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "{Count} managed zone(s) loaded from {Path}")]
    public static partial void ZonesLoaded(ILogger logger, int count, string path);
}
