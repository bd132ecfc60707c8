using System.Diagnostics;
using System.Net;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>What to start <c>dnsserver serve</c> with.</summary>
internal sealed record ServerStartOptions
{
    /// <summary>The zone folder (<c>--zones</c>).</summary>
    public required string Zones { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks one free for UDP and TCP.</summary>
    public int Port { get; init; }

    /// <summary>JSON written to a file passed with <c>--config</c>, when not null.</summary>
    public string? ConfigJson { get; init; }

    public int Threads { get; init; } = 2;

    /// <summary>The HTTP API's endpoint (<c>--http</c>); port 0 lets each server pick a free one.</summary>
    public string Http { get; init; } = "127.0.0.1:0";

    /// <summary>The data folder (<c>--data</c>); null gives the server a fresh one of its own.</summary>
    public string? Data { get; init; }

    /// <summary>Wait until it answers before returning.</summary>
    public bool WaitUntilAnswering { get; init; } = true;
}

/// <summary>
/// Our server as a child process: <c>dotnet dnsserver.dll serve</c> on a loopback port, its own
/// data folder, output captured; stopped with SIGTERM, killed on dispose if still running.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const string ConfigFileName = "dnsserver.json";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;

    private ServerProcess(ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    public string StandardError => _process.StandardError;

    public bool HasExited => _process.HasExited;

    /// <summary>The data folder (<c>--data</c>), where the pid file is.</summary>
    public string DataDirectory => _directory.Combine("data");

    /// <summary>The file given with <c>--config</c> when the options had JSON (rewrite it to test reloads).</summary>
    public string ConfigPath => _directory.Combine(ConfigFileName);

    public static async Task<ServerProcess> StartAsync(ServerStartOptions options)
    {
        var directory = new TempDirectory("server");
        int port = options.Port != 0 ? options.Port : FreePort.Pick(options.Address);
        var endpoint = new IPEndPoint(options.Address, port);
        var process = Launch(directory.Path, ServeArguments(options, endpoint, directory));
        var server = new ServerProcess(process, directory, endpoint);
        if (options.WaitUntilAnswering)
        {
            try
            {
                await server.WaitUntilAnsweringAsync(StartTimeout);
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        return server;
    }

    /// <summary>Runs <c>dnsserver ARGS</c> to completion (check-zone, reload, a serve that must fail).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var directory = new TempDirectory("run");
        using var process = Launch(directory.Path, arguments);
        if (!await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"dnsserver {string.Join(' ', arguments)} did not exit in time:\n{process.Output}");
        }

        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Polls with an SOA query for the root until any response comes back, over UDP and TCP.</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var probe = WireQuery.Build(0x5EED, ".", WireQuery.TypeSoa);
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before answering:\n{_process}");
            }

            if (await DnsExchange.UdpAsync(Endpoint, probe, TimeSpan.FromMilliseconds(200)) is not null)
            {
                try
                {
                    if (await DnsExchange.TcpAsync(Endpoint, probe, TimeSpan.FromSeconds(1)) is not null)
                    {
                        return;
                    }
                }
                catch (System.Net.Sockets.SocketException)
                {
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server did not answer on {Endpoint} within {timeout}:\n{_process}");
    }

    public void Signal(int signal) => _process.Signal(signal);

    /// <summary>Sends SIGTERM and returns the exit code; throws if it does not exit in time.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        _process.Signal(ChildProcess.SigTerm);
        if (!await _process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15)))
        {
            throw new TimeoutException($"the server did not exit after SIGTERM:\n{_process}");
        }

        return _process.ExitCode;
    }

    /// <summary>The exit code once it has exited by itself, or null if it still runs at the timeout.</summary>
    public async Task<int?> WaitForExitCodeAsync(TimeSpan timeout) =>
        await _process.WaitForExitAsync(timeout) ? _process.ExitCode : null;

    public Task<bool> WaitForOutputAsync(string text, TimeSpan timeout) => _process.WaitForOutputAsync(text, timeout);

    /// <summary>SIGTERM by pid if still running, SIGKILL if it does not exit in 5 s.</summary>
    public void Dispose()
    {
        _process.Terminate();
        _directory.Dispose();
    }

    public override string ToString() => _process.ToString();

    private static List<string> ServeArguments(ServerStartOptions options, IPEndPoint endpoint, TempDirectory directory)
    {
        var arguments = new List<string>
        {
            "serve", "--listen", endpoint.ToString(), "--zones", options.Zones,
            "--data", options.Data ?? directory.Combine("data"), "--threads", options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--http", options.Http,
        };
        if (options.ConfigJson is not null)
        {
            var config = directory.Combine(ConfigFileName);
            File.WriteAllText(config, options.ConfigJson);
            arguments.AddRange(["--config", config]);
        }

        return arguments;
    }

    private static ChildProcess Launch(string workingDirectory, IEnumerable<string> arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return ChildProcess.Start(
            dotnet,
            [RepositoryPaths.ServerAssembly, .. arguments],
            workingDirectory,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
    }
}
