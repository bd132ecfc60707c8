using System.Globalization;
using System.Net;
using System.Text;

namespace DnsServer.Integration.Tests.Infrastructure;

public enum PeerKind
{
    Nsd,
    Knot,
}

/// <summary>A zone the peers load: its name and its file.</summary>
internal sealed record ZoneFile(string Origin, string Path)
{
    /// <summary>Every NAME.zone in a folder, named as our server names them.</summary>
    public static IReadOnlyList<ZoneFile> InDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.zone").Order(StringComparer.Ordinal)
            .Select(path => new ZoneFile(System.IO.Path.GetFileNameWithoutExtension(path) + ".", path))];
}

/// <summary>
/// NSD or Knot DNS on its own loopback address and port, with a config written to a temporary
/// folder that also holds its pid file, database and run files. NSD runs with
/// <c>minimal-responses: yes</c>, no rate limit and ANY answered; Knot with its defaults (no RRL).
/// Both close idle TCP connections after <see cref="TcpIdleSeconds"/> so that the slow-client
/// test can record what they do in a few seconds.
/// </summary>
internal sealed class PeerServer : PeerProcess
{
    public const int TcpIdleSeconds = 2;

    private PeerServer(PeerKind kind, ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
        : base(process, directory)
    {
        Kind = kind;
        Endpoint = endpoint;
    }

    public PeerKind Kind { get; }

    public IPEndPoint Endpoint { get; }

    public static async Task<PeerServer> StartAsync(PeerKind kind, IPAddress address, IReadOnlyList<ZoneFile> zones)
    {
        string program = Peers.Require(kind == PeerKind.Nsd ? "nsd" : "knotd");
        var directory = new TempDirectory(kind.ToString().ToLowerInvariant());
        var endpoint = new IPEndPoint(address, FreePort.Pick(address));
        var config = directory.Combine(kind == PeerKind.Nsd ? "nsd.conf" : "knot.conf");
        File.WriteAllText(config, kind == PeerKind.Nsd ? NsdConfig(directory, endpoint, zones) : KnotConfig(directory, endpoint, zones));
        string[] arguments = kind == PeerKind.Nsd ? ["-d", "-c", config] : ["-c", config];
        var process = ChildProcess.Start(program, arguments, directory.Path);
        var peer = new PeerServer(kind, process, directory, endpoint);
        try
        {
            await peer.WaitUntilZonesLoadedAsync(zones, TimeSpan.FromSeconds(20));
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    public override string ToString() => $"{Kind} on {Endpoint}";

    /// <summary>Ready when every zone's SOA is answered with NOERROR (Knot loads zones after it binds).</summary>
    private Task WaitUntilZonesLoadedAsync(IReadOnlyList<ZoneFile> zones, TimeSpan timeout) =>
        Process.WaitForZonesAsync(Endpoint, zones.Select(z => z.Origin), Kind.ToString(), timeout);

    private static string NsdConfig(TempDirectory directory, IPEndPoint endpoint, IReadOnlyList<ZoneFile> zones)
    {
        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $"""
            server:
              ip-address: {endpoint.Address}@{endpoint.Port}
              port: {endpoint.Port}
              username: ""
              chroot: ""
              database: ""
              zonesdir: "{directory.Path}"
              pidfile: "{directory.Combine("nsd.pid")}"
              xfrdfile: "{directory.Combine("xfrd.state")}"
              xfrdir: "{directory.Path}"
              zonelistfile: "{directory.Combine("zone.list")}"
              server-count: 1
              verbosity: 1
              hide-version: yes
              minimal-responses: yes
              refuse-any: no
              rrl-ratelimit: 0
              tcp-timeout: {TcpIdleSeconds}
            remote-control:
              control-enable: no

            """);
        foreach (var zone in zones)
        {
            config.Append(CultureInfo.InvariantCulture, $"""
                zone:
                  name: "{zone.Origin}"
                  zonefile: "{zone.Path}"

                """);
        }

        return config.ToString();
    }

    private static string KnotConfig(TempDirectory directory, IPEndPoint endpoint, IReadOnlyList<ZoneFile> zones)
    {
        var config = new StringBuilder();
        config.Append(CultureInfo.InvariantCulture, $"""
            server:
              rundir: "{directory.Path}"
              pidfile: "{directory.Combine("knot.pid")}"
              listen: {endpoint.Address}@{endpoint.Port}
              tcp-idle-timeout: {TcpIdleSeconds}
              background-workers: 1
            control:
              listen: "{directory.Combine("knot.sock")}"
            database:
              storage: "{directory.Combine("db")}"
            log:
              - target: stderr
                any: info
            template:
              - id: default
                zonefile-sync: -1
                zonefile-load: whole
                journal-content: none
            zone:

            """);
        foreach (var zone in zones)
        {
            config.Append(CultureInfo.InvariantCulture, $"""
                  - domain: "{zone.Origin}"
                    file: "{zone.Path}"

                """);
        }

        return config.ToString();
    }
}
