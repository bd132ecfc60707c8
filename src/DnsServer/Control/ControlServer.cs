using System.Net.Sockets;
using System.Text;
using DnsServer.Authoritative.Loading;
using DnsServer.Protocol;
using DnsServer.Recursive;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Control;

/// <summary>
/// The local control channel, as <c>unbound-control</c> and <c>knotc</c> have: a Unix socket
/// <c>control.sock</c> in the data folder, readable and writable by the server's user only
/// (mode 0600). A client writes one command line and reads the reply until the server closes.
/// Commands: <c>status</c>, <c>reload</c>, <c>cache dump</c>, <c>cache flush [NAME] [--tree]</c>,
/// and the load-balancing commands of <see cref="LoadBalancingControl"/>.
/// </summary>
internal sealed partial class ControlServer(ControlPath path, ZoneService zones, IServiceProvider services, ILogger<ControlServer> logger)
    : BackgroundService
{
    /// <summary>Longest command line accepted; anything longer is refused.</summary>
    private const int MaxCommandLength = 1024;

    private Socket? _listener;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bind before start-up completes, so a client that sees the server running can connect.
        // Without the channel the server still serves DNS: a failure here is a warning.
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path.Value)!);
            File.Delete(path.Value);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(path.Value));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path.Value, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            _listener.Listen(16);
            LogListening(logger, path.Value);
        }
        catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogUnavailable(logger, path.Value, exception.Message);
            _listener?.Dispose();
            _listener = null;
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_listener is not null && !stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client, stoppingToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                string? line = await ReadLineAsync(stream, timeout.Token).ConfigureAwait(false);
                string reply = line is null ? "error: no command\n" : Execute(line);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(reply), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                LogClientFailed(logger, exception.Message);
            }
        }
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxCommandLength];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, newline).Trim();
            }
        }

        return filled == 0 || filled == buffer.Length ? null : Encoding.UTF8.GetString(buffer, 0, filled).Trim();
    }

    /// <summary>Runs one command and returns the reply text; the first word of a failure is "error:".</summary>
    internal string Execute(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        LogCommand(logger, line);
        return words switch
        {
            ["status"] => Status(),
            ["reload"] => Reload(),
            ["cache", "dump"] => WithResolver(r => string.Concat(r.DumpCache().Select(l => l + "\n"))),
            ["cache", "flush"] => WithResolver(r => $"flushed {r.FlushCache()} entries\n"),
            ["cache", "flush", var name] => Flush(name, tree: false),
            ["cache", "flush", var name, "--tree"] => Flush(name, tree: true),
            _ => Balancing?.TryExecute(words)
                ?? $"error: unknown command '{line}' (status, reload, cache dump, cache flush [NAME] [--tree], {LoadBalancingControl.Usage})\n",
        };
    }

    private string Status()
    {
        var text = new StringBuilder();
        text.Append("pid ").Append(Environment.ProcessId).Append('\n');
        foreach (var zone in zones.Zones)
        {
            text.Append("zone ").Append(zone.Origin).Append(" serial ").Append(zone.Serial)
                .Append(' ').Append(zone.RecordCount).Append(" records\n");
        }

        text.Append("recursion ").Append(Resolver is null ? "off" : "on").Append('\n');
        return text.ToString();
    }

    private string Reload()
    {
        var results = zones.Load();
        return string.Concat(results.Select(r => r.Loaded
            ? $"zone {r.Origin} loaded, serial {r.Zone!.Serial}\n"
            : $"error: zone {r.Origin} not loaded: {string.Join("; ", r.Errors)}\n"));
    }

    private string Flush(string nameText, bool tree)
    {
        DnsName name;
        try
        {
            name = DnsName.Parse(nameText.EndsWith('.') ? nameText : nameText + ".");
        }
        catch (DnsFormatException exception)
        {
            return $"error: {exception.Message}\n";
        }

        return WithResolver(r => $"flushed {r.FlushCache(name, tree)} entries\n");
    }

    private LoadBalancingControl? Balancing => (LoadBalancingControl?)services.GetService(typeof(LoadBalancingControl));

    private RecursiveResolver? Resolver => (RecursiveResolver?)services.GetService(typeof(RecursiveResolver));

    private string WithResolver(Func<RecursiveResolver, string> action) =>
        Resolver is { } resolver ? action(resolver) : "error: recursion is off; there is no cache\n";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_listener is not null)
        {
            _listener.Dispose();
            File.Delete(path.Value);
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(110, LogLevel.Information, "Control socket at {Path}")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(111, LogLevel.Information, "Control command: {Command}")]
    private static partial void LogCommand(ILogger logger, string command);

    [LoggerMessage(112, LogLevel.Debug, "Control client failed: {Reason}")]
    private static partial void LogClientFailed(ILogger logger, string reason);

    [LoggerMessage(113, LogLevel.Warning, "No control socket at {Path}: {Reason}; cache and reload commands will not reach this server")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}

/// <summary>Where the control socket lives: <c>control.sock</c> in the data folder.</summary>
internal sealed record ControlPath(string Value)
{
    public const string FileName = "control.sock";

    public static ControlPath In(string dataDirectory) => new(Path.GetFullPath(Path.Combine(dataDirectory, FileName)));
}
