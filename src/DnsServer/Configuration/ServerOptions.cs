using System.Globalization;
using System.Net;
using DnsServer.Authoritative.Transfers;
using DnsServer.Recursive;

namespace DnsServer.Configuration;

/// <summary>
/// The server's settings, from (later wins) defaults, the JSON file given with <c>--config</c>,
/// environment variables <c>DNSSERVER__…</c>, and command-line flags. docs/configuration.md lists
/// each with its key.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Endpoints (<c>ADDR:PORT</c>) answered over UDP and TCP.</summary>
    /// <remarks>Defaults to 127.0.0.1:5300 and [::1]:5300.</remarks>
    public IList<string> Listen { get; } = [];

    /// <summary>The folder of zone files: every <c>NAME.zone</c>, and <c>root.zone</c> for the root.</summary>
    /// <remarks>Defaults to <c>zones</c>; when that folder does not exist the built-in sample zones are served.</remarks>
    public string? Zones { get; set; }

    /// <summary>UDP receive threads per endpoint.</summary>
    /// <remarks>Defaults to the number of processors.</remarks>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>On Linux, receive and send UDP in batches (recvmmsg/sendmmsg); off: one system call per datagram.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool UdpBatching { get; set; } = true;

    /// <summary>The data folder: the process id file, the control socket, the zone database and the API key.</summary>
    /// <remarks>Defaults to <c>data</c>.</remarks>
    public string Data { get; set; } = "data";

    /// <summary>Reload zone files when they change on disk.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool WatchZones { get; set; } = true;

    /// <summary>The HTTP API's endpoint (<c>ADDR:PORT</c>), or <c>none</c> for no API (docs/api.md).</summary>
    /// <remarks>Defaults to 127.0.0.1:5380.</remarks>
    public string Http { get; set; } = "127.0.0.1:5380";

    /// <summary>The query log (docs/configuration.md#query-log).</summary>
    public QueryLogOptions QueryLog { get; set; } = new();

    public TcpOptions Tcp { get; set; } = new();

    /// <summary>The recursive resolver (docs/recursive.md).</summary>
    public RecursiveOptions Recursion { get; set; } = new();

    /// <summary>The resolver's cache (docs/recursive.md).</summary>
    public CacheOptions Cache { get; set; } = new();

    /// <summary>Zone transfers, NOTIFY and secondary zones (docs/transfers.md).</summary>
    public TransferOptions Transfers { get; set; } = new();

    /// <summary>TSIG keys (RFC 8945) that transfers and NOTIFY may be signed with (docs/transfers.md).</summary>
    /// <remarks>Defaults to none.</remarks>
    public IList<TsigKeyOptions> TsigKeys { get; } = [];

    /// <summary>Where experiment reports are kept for the web console (docs/console.md).</summary>
    public ExperimentsOptions Experiments { get; set; } = new();

    /// <summary>Parses <c>ADDR:PORT</c>, <c>[V6]:PORT</c>, or a bare address (port 53).</summary>
    public static IPEndPoint ParseEndpoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            if (endpoint.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
            {
                endpoint.Port = 53;
            }

            return endpoint;
        }

        throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not ADDR:PORT (e.g. 127.0.0.1:5300 or [::1]:5300)", text));
    }
}

/// <summary>The <c>Experiments</c> section.</summary>
public sealed class ExperimentsOptions
{
    /// <summary>The folder whose subfolders hold experiment reports (<c>dnsserver experiment --out</c>).</summary>
    /// <remarks>Defaults to <c>experiments</c> in the data folder.</remarks>
    public string? ReportsDirectory { get; set; }
}

/// <summary>TCP limits (RFC 7766 §6.2).</summary>
public sealed class TcpOptions
{
    /// <remarks>Defaults to 1,000.</remarks>
    public int MaxConnections { get; set; } = 1000;

    /// <remarks>Defaults to 10 seconds.</remarks>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <remarks>Defaults to 100.</remarks>
    public int MaxQueriesInFlight { get; set; } = 100;
}

/// <summary>One JSON line per query, written off the query path; off unless enabled.</summary>
public sealed class QueryLogOptions
{
    /// <remarks>Defaults to false.</remarks>
    public bool Enabled { get; set; }

    /// <summary>The file the lines are appended to; null writes them to standard output.</summary>
    /// <remarks>Defaults to null (standard output).</remarks>
    public string? Path { get; set; }

    /// <summary>Entries waiting to be written; when full, new entries are dropped and counted.</summary>
    /// <remarks>Defaults to 10,000.</remarks>
    public int Capacity { get; set; } = 10_000;
}
