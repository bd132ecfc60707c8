using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// Unbound, the reference resolver: <c>unbound -d -c CONF</c> on its own loopback address and a
/// free port, iterator only (no DNSSEC validation), QNAME minimisation on, starting from the
/// mini-internet's root hints. Pid file and log in a temporary folder; stopped by pid.
/// When it tries the silent 127.0.9.7 first for www.flaky.test., Unbound 1.17 with its defaults
/// can leave the client without an answer for 8 to over 20 s: it goes on picking that server,
/// each timeout doubling from 376 ms, until its RTT leaves the 400 ms selection band.
/// <c>unknown-server-time-limit: 50</c> (loopback RTTs are far below 1 ms) and
/// <c>udp-connect: no</c> bring that to at most 1.5 s (16 fresh starts out of 16).
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
              unknown-server-time-limit: 50
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
