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
internal sealed class UnboundResolver : ResolverProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private UnboundResolver(ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
        : base(process, directory, endpoint, "unbound")
    {
    }

    public static async Task<UnboundResolver> StartAsync(string rootHintsFile)
    {
        string program = Peers.Require("unbound");
        var directory = new TempDirectory("unbound");
        var endpoint = new IPEndPoint(MiniInternetLayout.UnboundAddress, FreePort.Pick(MiniInternetLayout.UnboundAddress));
        var config = directory.Combine("unbound.conf");
        File.WriteAllText(config, Config(directory, endpoint, rootHintsFile));
        var process = ChildProcess.Start(program, ["-d", "-c", config], directory.Path);
        return await StartedAsync(new UnboundResolver(process, directory, endpoint), StartTimeout, TimeSpan.FromMilliseconds(50));
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

    protected override string ExitedWhileStarting() => $"unbound exited with code {Process.ExitCode} while starting:\n{Process}";
}
