using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>What an authoritative server has received since it started.</summary>
internal readonly record struct QueryCounters(long Queries, long TcpQueries)
{
    public static QueryCounters operator +(QueryCounters left, QueryCounters right) =>
        new(left.Queries + right.Queries, left.TcpQueries + right.TcpQueries);

    public static QueryCounters operator -(QueryCounters left, QueryCounters right) =>
        new(left.Queries - right.Queries, left.TcpQueries - right.TcpQueries);
}

/// <summary>
/// NSD or Knot on port 53 of its loopback addresses, with a config in a temporary folder and a
/// control socket there: counters are read with <c>nsd-control stats_noreset</c> (NSD) or
/// <c>knotc stats</c> (Knot, whose <c>mod-stats</c> module counts every query), and a changed
/// zone file is loaded with <c>knotc zone-reload</c> or <c>nsd-control reload</c>.
/// </summary>
internal sealed partial class AuthoritativeServer : PeerProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly string _config;

    private AuthoritativeServer(AuthoritativeSpec spec, ChildProcess process, TempDirectory directory, string config)
        : base(process, directory)
    {
        Spec = spec;
        _config = config;
    }

    public AuthoritativeSpec Spec { get; }

    public IPEndPoint Endpoint => new(Spec.Addresses[0], MiniInternetLayout.AuthoritativePort);

    public static async Task<AuthoritativeServer> StartAsync(AuthoritativeSpec spec, string zoneDirectory)
    {
        bool nsd = spec.Kind == AuthoritativeKind.Nsd;
        string program = Peers.Require(nsd ? "nsd" : "knotd");
        var directory = new TempDirectory(spec.Name);
        var config = directory.Combine(nsd ? "nsd.conf" : "knot.conf");
        File.WriteAllText(config, nsd ? NsdConfig(spec, directory, zoneDirectory) : KnotConfig(spec, directory, zoneDirectory));
        string[] arguments = nsd ? ["-d", "-c", config] : ["-c", config];
        var process = ChildProcess.Start(program, arguments, directory.Path);
        var server = new AuthoritativeServer(spec, process, directory, config);
        try
        {
            await server.WaitUntilZonesLoadedAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Queries received so far, over any transport and for any zone (REFUSED ones included).</summary>
    public QueryCounters Counters()
    {
        if (Spec.Kind == AuthoritativeKind.Nsd)
        {
            var stats = Control(Peers.Require("nsd-control"), ["-c", _config, "stats_noreset"]);
            return new QueryCounters(Counter(stats, "num.queries="), Counter(stats, "num.tcp="));
        }

        var knot = Control(Peers.Require("knotc"), ["-s", Folder.Combine("knot.sock"), "stats"]);
        return new QueryCounters(
            Counter(knot, "mod-stats.server-operation[query] = "),
            Counter(knot, "mod-stats.request-protocol[tcp4] = "));
    }

    /// <summary>Loads a rewritten zone file; the caller waits until the new data is served.</summary>
    public void Reload(string zone)
    {
        if (Spec.Kind == AuthoritativeKind.Nsd)
        {
            Control(Peers.Require("nsd-control"), ["-c", _config, "reload", zone]);
        }
        else
        {
            Control(Peers.Require("knotc"), ["-s", Folder.Combine("knot.sock"), "zone-reload", zone]);
        }
    }

    public override string ToString() => $"{Spec.Name} ({Spec.Kind}) on {string.Join(", ", Spec.Addresses)} port {MiniInternetLayout.AuthoritativePort}, pid {Pid}";

    private static string Control(string program, string[] arguments)
    {
        var result = PeerProgram.Run(program, arguments, timeout: TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {result}");
        }

        return result.StandardOutput;
    }

    private static long Counter(string stats, string prefix)
    {
        long total = 0;
        foreach (var line in stats.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                total += long.Parse(line[prefix.Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Ready when every zone's SOA is answered with NOERROR on the first address.</summary>
    private Task WaitUntilZonesLoadedAsync() =>
        Process.WaitForZonesAsync(Endpoint, Spec.Zones, Spec.Name, StartTimeout, () =>
            PortTaken().IsMatch(Process.Output) ? " (is port 53 on this address taken, or are the tests not run as root?)" : "");

    private static string NsdConfig(AuthoritativeSpec spec, TempDirectory directory, string zoneDirectory)
    {
        var config = new StringBuilder();
        config.Append("server:\n");
        foreach (var address in spec.Addresses)
        {
            config.Append(CultureInfo.InvariantCulture, $"  ip-address: {address}@{MiniInternetLayout.AuthoritativePort}\n");
        }

        config.Append(CultureInfo.InvariantCulture, $"""
              username: ""
              chroot: ""
              database: ""
              zonesdir: "{zoneDirectory}"
              pidfile: "{directory.Combine("nsd.pid")}"
              xfrdfile: "{directory.Combine("xfrd.state")}"
              xfrdir: "{directory.Path}"
              zonelistfile: "{directory.Combine("zone.list")}"
              server-count: 1
              verbosity: 1
              hide-version: yes
              minimal-responses: yes
              rrl-ratelimit: 0
            remote-control:
              control-enable: yes
              control-interface: "{directory.Combine("nsd.sock")}"

            """);
        foreach (var zone in spec.Zones)
        {
            config.Append(CultureInfo.InvariantCulture, $"zone:\n  name: \"{zone}\"\n  zonefile: \"{Path.Combine(zoneDirectory, MiniInternetLayout.ZoneFileName(zone))}\"\n");
        }

        return config.ToString();
    }

    private static string KnotConfig(AuthoritativeSpec spec, TempDirectory directory, string zoneDirectory)
    {
        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $"server:\n  rundir: \"{directory.Path}\"\n  pidfile: \"{directory.Combine("knot.pid")}\"\n");
        foreach (var address in spec.Addresses)
        {
            config.Append(CultureInfo.InvariantCulture, $"  listen: {address}@{MiniInternetLayout.AuthoritativePort}\n");
        }

        config.Append(CultureInfo.InvariantCulture, $"""
              background-workers: 1
            control:
              listen: "{directory.Combine("knot.sock")}"
            database:
              storage: "{directory.Combine("db")}"
            log:
              - target: stderr
                any: info
            mod-stats:
              - id: counters
                request-protocol: on
            template:
              - id: default
                global-module: mod-stats/counters
                zonefile-sync: -1
                zonefile-load: whole
                journal-content: none
            zone:

            """);
        foreach (var zone in spec.Zones)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - domain: \"{zone}\"\n    file: \"{Path.Combine(zoneDirectory, MiniInternetLayout.ZoneFileName(zone))}\"\n");
        }

        return config.ToString();
    }

    [GeneratedRegex("Address already in use|Permission denied|cannot bind|failed to bind", RegexOptions.IgnoreCase)]
    private static partial Regex PortTaken();
}
