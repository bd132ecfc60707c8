using System.CommandLine;
using System.Net.Sockets;
using DnsServer.Configuration;
using Microsoft.Extensions.Configuration;

namespace DnsServer.Commands;

/// <summary>
/// <c>dnsserver serve</c>: runs in the foreground until SIGTERM or Ctrl+C. The flags here are an
/// interface outside tools use; their meaning stays as documented in docs/configuration.md.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen")
        {
            Description = "ADDR:PORT to answer on over UDP and TCP; repeatable (default 127.0.0.1:5300 and [::1]:5300)",
            AllowMultipleArgumentsPerToken = false,
        };
        var zones = new Option<string>("--zones") { Description = "folder of NAME.zone files (default ./zones, else the built-in samples)" };
        var config = new Option<string>("--config") { Description = "JSON configuration file" };
        var threads = new Option<int?>("--threads") { Description = "UDP receive threads per endpoint (default: one per core)" };
        var data = new Option<string>("--data") { Description = "data folder (default ./data)" };
        var rootHints = new Option<string>("--root-hints") { Description = "zone file with the root's NS records and their A/AAAA addresses (default: IANA's named.root, built in)" };
        var allowRecursion = new Option<string>("--allow-recursion") { Description = "CIDR[,CIDR...] of clients that may recurse (default 127.0.0.0/8,::1)" };
        var http = new Option<string>("--http") { Description = "ADDR:PORT of the HTTP API, or none (default 127.0.0.1:5380)" };
        var allowTransfer = new Option<string>("--allow-transfer") { Description = "CIDR[,CIDR...] of clients that may transfer every zone (AXFR/IXFR; default none)" };

        var command = new Command("serve", "Answer DNS queries for the zones in the zone folder, and resolve other names for clients allowed to recurse") { listen, zones, config, threads, data, rootHints, allowRecursion, http, allowTransfer };
        command.SetAction(async (result, cancellationToken) =>
        {
            var flags = new ServeFlags(
                result.GetValue(listen) ?? [],
                result.GetValue(zones),
                result.GetValue(config),
                result.GetValue(threads),
                result.GetValue(data),
                result.GetValue(rootHints),
                result.GetValue(allowRecursion),
                result.GetValue(http),
                result.GetValue(allowTransfer));
            return await RunAsync(flags, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServeFlags flags, CancellationToken cancellationToken)
    {
        ServerOptions options;
        IConfigurationRoot configuration;
        try
        {
            (options, configuration) = ServerConfiguration.Load(flags);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"dnsserver: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            await ServerHost.RunAsync(options, configuration, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"dnsserver: cannot listen: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (SocketException exception)
        {
            await Console.Error.WriteLineAsync($"dnsserver: cannot listen: {exception.Message} ({exception.SocketErrorCode})").ConfigureAwait(false);
            return 1;
        }
        catch (StartupException exception)
        {
            await Console.Error.WriteLineAsync($"dnsserver: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}

/// <summary>The flags given to <c>serve</c>; null means "not given".</summary>
internal sealed record ServeFlags(string[] Listen, string? Zones, string? Config, int? Threads, string? Data, string? RootHints = null, string? AllowRecursion = null, string? Http = null, string? AllowTransfer = null);

/// <summary>A start-up failure with a message meant for the operator.</summary>
internal sealed class StartupException(string message) : Exception(message);
