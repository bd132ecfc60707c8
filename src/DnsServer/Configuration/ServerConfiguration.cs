using DnsServer.Commands;
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
        Validate(options);
        return (options, configuration);
    }

    private static void Validate(ServerOptions options)
    {
        foreach (var endpoint in options.Listen)
        {
            ServerOptions.ParseEndpoint(endpoint);
        }

        if (options.Threads is < 1 or > 256)
        {
            throw new InvalidOperationException($"--threads must be between 1 and 256, not {options.Threads}");
        }

        if (options.Zones is not null && !Directory.Exists(options.Zones))
        {
            throw new InvalidOperationException($"zone folder not found: {options.Zones}");
        }
    }
}
