using Microsoft.Extensions.Logging;

namespace DnsServer.Api;

/// <summary>API log messages; event IDs 5000–5099, next free: 5005.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "HTTP API listening on {Url}")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(5001, LogLevel.Warning, "API key created in {Path} (shown this once): {Key}")]
    public static partial void ApiKeyCreated(ILogger logger, string path, string key);

    [LoggerMessage(5002, LogLevel.Error, "HTTP {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(5003, LogLevel.Warning, "Query log writer failed; query logging stops")]
    public static partial void QueryLogFailed(ILogger logger, Exception exception);

    [LoggerMessage(5004, LogLevel.Information, "Query log: {Target}, capacity {Capacity}")]
    public static partial void QueryLogStarted(ILogger logger, string target, int capacity);
}
