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
internal sealed class OurResolver : ResolverProcess
{
    public const string Absent = "dnsserver has no recursive resolver yet";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private OurResolver(ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
        : base(process, directory, endpoint, "dnsserver")
    {
    }

    /// <summary>The configuration file (section <c>Recursion</c>): the limits the loop tests check.</summary>
    public static string Config => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{ "Recursion": { "MaxQueryTime": "{{ResolverTests.LoopTimeLimit:c}}", "MaxSubQueries": {{ResolverTests.LoopQueryLimit}} } }""");

    /// <summary>The data folder (<c>--data</c>), where the control socket is.</summary>
    public string DataDirectory => Directory.Combine("data");

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
            "--http", "127.0.0.1:0",
            "--config", directory.Combine("dnsserver.json"),
        ];
        File.WriteAllText(directory.Combine("dnsserver.json"), Config);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var process = ChildProcess.Start(
            dotnet,
            arguments,
            directory.Path,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        return await StartedAsync(new OurResolver(process, directory, endpoint), StartTimeout, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>An exit before the first answer means serve refused the recursion flags.</summary>
    protected override string ExitedWhileStarting() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Absent}: `dnsserver serve --allow-recursion 127.0.0.0/8 --root-hints FILE` exited with code {Process.ExitCode}:\n{Process.Output}");
}
