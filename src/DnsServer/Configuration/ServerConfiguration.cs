using DnsServer.Authoritative.Transfers;
using DnsServer.Commands;
using DnsServer.Pipeline.Stages;
using DnsServer.Recursive;
using Microsoft.Extensions.Configuration;

namespace DnsServer.Configuration;

/// <summary>Reads the settings in order (later wins): JSON file, DNSSERVER__ environment variables, flags.</summary>
internal static class ServerConfiguration
{
    public const string EnvironmentPrefix = "DNSSERVER__";

    public static (ServerOptions Options, IConfigurationRoot Configuration) Load(ServeFlags flags)
    {
        var builder = new ConfigurationBuilder();
        if (flags.Config is not null)
        {
            if (!File.Exists(flags.Config))
            {
                throw new FileNotFoundException($"configuration file not found: {flags.Config}");
            }

            builder.AddJsonFile(Path.GetFullPath(flags.Config), optional: false, reloadOnChange: true);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var configuration = builder.Build();

        var options = new ServerOptions();
        configuration.Bind(options);
        if (flags.Listen.Length > 0)
        {
            options.Listen.Clear();
            foreach (var endpoint in flags.Listen)
            {
                options.Listen.Add(endpoint);
            }
        }

        options.Zones = flags.Zones ?? options.Zones;
        options.Threads = flags.Threads ?? options.Threads;
        options.Data = flags.Data ?? options.Data;
        options.Http = flags.Http ?? options.Http;
        options.Recursion.RootHints = flags.RootHints ?? options.Recursion.RootHints;
        if (flags.AllowRecursion is not null)
        {
            options.Recursion.AllowRecursion.Clear();
            foreach (var prefix in flags.AllowRecursion.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Recursion.AllowRecursion.Add(prefix);
            }
        }

        if (flags.AllowTransfer is not null)
        {
            options.Transfers.AllowTransfer.Clear();
            foreach (var prefix in flags.AllowTransfer.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Transfers.AllowTransfer.Add(prefix);
            }
        }

        options.Recursion.Cache = options.Cache;
        Validate(options);
        return (options, configuration);
    }

    private static void Validate(ServerOptions options)
    {
        foreach (var endpoint in options.Listen)
        {
            ServerOptions.ParseEndpoint(endpoint);
        }

        _ = Api.ApiOptions.ParseEndpoint(options.Http);
        if (options.QueryLog.Capacity is < 1 or > 10_000_000)
        {
            throw new InvalidOperationException($"QueryLog:Capacity must be between 1 and 10,000,000, not {options.QueryLog.Capacity}");
        }

        if (options.Threads is < 1 or > 256)
        {
            throw new InvalidOperationException($"--threads must be between 1 and 256, not {options.Threads}");
        }

        if (options.Zones is not null && !Directory.Exists(options.Zones))
        {
            throw new InvalidOperationException($"zone folder not found: {options.Zones}");
        }

        options.Recursion.Validate();
        _ = new TransferPolicy(options.Transfers, options.TsigKeys);
        _ = RecursionPrefixes(options);
        if (options.Recursion.RootHints is { } hints)
        {
            if (!File.Exists(hints))
            {
                throw new InvalidOperationException($"root hints file not found: {hints}");
            }

            RootHints.Load(hints);
        }
    }

    /// <summary>The clients that may recurse: <c>--allow-recursion</c>, else loopback.</summary>
    public static IReadOnlyList<AddressPrefix> RecursionPrefixes(ServerOptions options) =>
        options.Recursion.AllowRecursion.Count == 0
            ? RecursionAccessStage.Loopback
            : [.. options.Recursion.AllowRecursion.SelectMany(AddressPrefix.ParseList)];
}
