using System.Net;

namespace DnsServer.Api;

/// <summary>Where and how the HTTP API listens.</summary>
public sealed class ApiOptions
{
    /// <summary>The endpoint; port 0 picks a free one (the log and <see cref="ApiServer.Endpoint"/> tell which).</summary>
    /// <remarks>Defaults to 127.0.0.1:5380.</remarks>
    public IPEndPoint Endpoint { get; set; } = new(IPAddress.Loopback, 5380);

    /// <summary>The data folder, where the <c>api-key</c> file is.</summary>
    /// <remarks>Defaults to <c>data</c>.</remarks>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The folder of experiment reports listed by <c>GET /api/reports</c>, one subfolder per run.</summary>
    /// <remarks>Defaults to <c>experiments</c> in <see cref="DataDirectory"/>.</remarks>
    public string ReportsDirectory
    {
        get => _reportsDirectory ?? Path.Combine(DataDirectory, "experiments");
        set => _reportsDirectory = value;
    }

    private string? _reportsDirectory;

    /// <summary>The largest request body accepted; a larger one is answered 413.</summary>
    /// <remarks>Defaults to 1 MiB.</remarks>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The server's version, for <c>GET /api/status</c>.</summary>
    /// <remarks>Defaults to "0.0.0".</remarks>
    public string Version { get; set; } = "0.0.0";

    /// <summary>The DNS endpoints bound, for <c>GET /api/status</c>.</summary>
    /// <remarks>Defaults to none.</remarks>
    public Func<IReadOnlyList<string>> Listeners { get; set; } = () => [];

    /// <summary>Parses <c>ADDR:PORT</c> or <c>[V6]:PORT</c>; <c>none</c> (returned as null) turns the API off.</summary>
    public static IPEndPoint? ParseEndpoint(string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && (endpoint.Port != 0 || text.EndsWith(":0", StringComparison.Ordinal)))
        {
            return endpoint;
        }

        throw new FormatException($"'{text}' is not ADDR:PORT for the HTTP API (e.g. 127.0.0.1:5380), nor 'none'");
    }
}
