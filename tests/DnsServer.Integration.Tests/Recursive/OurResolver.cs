using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// Our server as a resolver: <c>dnsserver serve --listen ADDR:PORT --allow-recursion 127.0.0.0/8
/// --root-hints FILE --zones EMPTYDIR --config FILE</c> as a child process, stopped by pid. The
/// config sets the limits the loop tests hold it to (<see cref="ResolverTests.LoopTimeLimit"/>,
/// <see cref="ResolverTests.LoopQueryLimit"/>). When serve rejects the recursion flags, start-up
/// fails with "dnsserver has no recursive resolver yet".
/// </summary>
internal sealed class OurResolver : IDisposable
{
    public const string Absent = "dnsserver has no recursive resolver yet";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;

    private OurResolver(ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The configuration file (section <c>Recursion</c>): the limits the loop tests check.</summary>
    public static string Config => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{ "Recursion": { "MaxQueryTime": "{{ResolverTests.LoopTimeLimit:c}}", "MaxSubQueries": {{ResolverTests.LoopQueryLimit}} } }""");

    public int Pid => _process.Pid;

    /// <summary>The data folder (<c>--data</c>), where the control socket is.</summary>
    public string DataDirectory => _directory.Combine("data");

    public string Output => _process.Output;

    public static async Task<OurResolver> StartAsync(string rootHintsFile)
    {
        var directory = new TempDirectory("resolver");
        var endpoint = new IPEndPoint(MiniInternetLayout.OursAddress, FreePort.Pick(MiniInternetLayout.OursAddress));
        string[] arguments =
        [
            RepositoryPaths.ServerAssembly, "serve",
            "--listen", endpoint.ToString(),
            "--allow-recursion", "127.0.0.0/8",
            "--root-hints", rootHintsFile,
            "--zones", directory.CreateDirectory("zones"),
            "--data", directory.Combine("data"),
            "--threads", "2",
            "--config", directory.Combine("dnsserver.json"),
        ];
        File.WriteAllText(directory.Combine("dnsserver.json"), Config);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var process = ChildProcess.Start(
            dotnet,
            arguments,
            directory.Path,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var resolver = new OurResolver(process, directory, endpoint);
        try
        {
            await resolver.WaitUntilAnsweringAsync();
        }
        catch
        {
            resolver.Dispose();
            throw;
        }

        return resolver;
    }

    /// <summary>SIGTERM by pid, SIGKILL after 5 s; then the folder goes.</summary>
    public void Dispose()
    {
        try
        {
            _process.Signal(ChildProcess.SigTerm);
            _process.WaitForExitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _directory.Dispose();
    }

    public override string ToString() => $"dnsserver on {Endpoint}, pid {Pid}";

    /// <summary>Up when a query with RD clear gets any response; an exit before that means the flags were refused.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        var probe = WireQuery.Build(0x5EED, "localhost.", WireQuery.TypeA);
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Absent}: `dnsserver serve --allow-recursion 127.0.0.0/8 --root-hints FILE` exited with code {_process.ExitCode}:\n{_process.Output}"));
            }

            if (await DnsExchange.UdpAsync(Endpoint, probe, TimeSpan.FromMilliseconds(200)) is not null)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"dnsserver did not answer on {Endpoint} within {StartTimeout}:\n{_process}");
    }
}
