using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>Transport log messages; event IDs 1000–1099, next free: 1008.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Listening for DNS on {Endpoint} ({Protocol})")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, string protocol);

    [LoggerMessage(1001, LogLevel.Error, "Query from {Client} failed; answered SERVFAIL")]
    public static partial void QueryFailed(ILogger logger, Exception exception, string client);

    [LoggerMessage(1002, LogLevel.Warning, "UDP receive on {Endpoint} failed")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, EndPoint endpoint);

    [LoggerMessage(1003, LogLevel.Debug, "TCP connection from {Client} refused: {Count} connections open")]
    public static partial void TooManyConnections(ILogger logger, EndPoint? client, int count);

    [LoggerMessage(1004, LogLevel.Debug, "TCP connection from {Client} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(1005, LogLevel.Warning, "TCP accept on {Endpoint} failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, EndPoint endpoint);

    [LoggerMessage(1006, LogLevel.Debug, "TCP connection from {Client} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, EndPoint? client);

    [LoggerMessage(1007, LogLevel.Information, "DNS listeners stopped")]
    public static partial void Stopped(ILogger logger);
}
