using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// Unbound, the reference resolver: <c>unbound -d -c CONF</c> on its own loopback address and a
/// free port, iterator only (no DNSSEC validation), QNAME minimisation on, starting from the
/// mini-internet's root hints. Pid file and log in a temporary folder; stopped by pid.
/// <c>udp-connect: no</c>: with its default connected UDP sockets, Unbound 1.17 at times sent a
/// client no answer for 20 s and more when it tried the silent 127.0.9.7 first (2 of 6 fresh
/// starts); unconnected, it answered www.flaky.test. in 0.02–0.78 s every time.
/// </summary>
internal sealed class UnboundResolver : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;

    private UnboundResolver(ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    public static async Task<UnboundResolver> StartAsync(string rootHintsFile)
    {
        string program = Peers.Require("unbound");
        var directory = new TempDirectory("unbound");
        var endpoint = new IPEndPoint(MiniInternetLayout.UnboundAddress, FreePort.Pick(MiniInternetLayout.UnboundAddress));
        var config = directory.Combine("unbound.conf");
        File.WriteAllText(config, Config(directory, endpoint, rootHintsFile));
        var process = ChildProcess.Start(program, ["-d", "-c", config], directory.Path);
        var unbound = new UnboundResolver(process, directory, endpoint);
        try
        {
            await unbound.WaitUntilAnsweringAsync();
        }
        catch
        {
            unbound.Dispose();
            throw;
        }

        return unbound;
    }

    /// <summary>The configuration the tests run Unbound with (docs/conformance.md shows it).</summary>
    public static string Config(TempDirectory directory, IPEndPoint endpoint, string rootHintsFile) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            server:
              interface: {endpoint.Address}@{endpoint.Port}
              port: {endpoint.Port}
              do-ip6: no
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{directory.Path}"
              pidfile: "{directory.Combine("unbound.pid")}"
              logfile: ""
              use-syslog: no
              verbosity: 1
              log-servfail: yes
              num-threads: 1
              so-reuseport: no
              access-control: 127.0.0.0/8 allow
              do-not-query-localhost: no
              root-hints: "{rootHintsFile}"
              local-zone: "test." nodefault
              module-config: "iterator"
              trust-anchor-signaling: no
              root-key-sentinel: no
              qname-minimisation: yes
              udp-connect: no
            remote-control:
              control-enable: no

            """);

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

    public override string ToString() => $"unbound on {Endpoint}, pid {Pid}";

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        var probe = WireQuery.Build(0x5EED, "localhost.", WireQuery.TypeA);
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"unbound exited with code {_process.ExitCode} while starting:\n{_process}");
            }

            if (await DnsExchange.UdpAsync(Endpoint, probe, TimeSpan.FromMilliseconds(200)) is not null)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"unbound did not answer on {Endpoint} within {StartTimeout}:\n{_process}");
    }
}
