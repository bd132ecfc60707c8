using System.Diagnostics;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Integration.Tests.Transfers;

public enum SecondaryKind
{
    Nsd,
    Knot,
    Bind,
}

/// <summary>
/// NSD, Knot or BIND as a secondary of a primary on loopback, configured as docs/scaling.md shows
/// (the same text, with paths and ports filled in), optionally with a TSIG key.
/// </summary>
internal sealed class TransferPeer : PeerProcess
{
    public const string Zone = "lab.test.";
    public const string KeyName = "xfr-key.";
    public const string KeySecret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private TransferPeer(SecondaryKind kind, ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
        : base(process, directory)
    {
        Kind = kind;
        Endpoint = endpoint;
    }

    public SecondaryKind Kind { get; }

    public IPEndPoint Endpoint { get; }

    public static TransferPeer Start(SecondaryKind kind, IPEndPoint endpoint, IPEndPoint primary, bool tsig)
    {
        var directory = new TempDirectory("xfr-" + kind.ToString().ToLowerInvariant());
        string program = Peers.Require(kind switch { SecondaryKind.Nsd => "nsd", SecondaryKind.Knot => "knotd", _ => "named" });
        string config = directory.Combine("peer.conf");
        File.WriteAllText(config, kind switch
        {
            SecondaryKind.Nsd => NsdConfig(directory.Path, endpoint, primary, tsig),
            SecondaryKind.Knot => KnotConfig(directory.Path, endpoint, primary, tsig),
            _ => BindConfig(directory.Path, endpoint, primary, tsig),
        });
        string[] arguments = kind switch
        {
            SecondaryKind.Nsd => ["-d", "-c", config],
            SecondaryKind.Knot => ["-c", config],
            _ => ["-g", "-n", "1", "-c", config],
        };
        return new TransferPeer(kind, ChildProcess.Start(program, arguments, directory.Path), directory, endpoint);
    }

    /// <summary>Polls the peer's SOA until it serves <paramref name="serial"/>; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForSerialAsync(uint serial, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await QuerySerialAsync(Endpoint) == serial)
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{Kind} did not serve serial {serial} within {timeout}:\n{Output}");
    }

    public static async Task<uint?> QuerySerialAsync(IPEndPoint server)
    {
        var query = new DnsMessage { Id = 99, Questions = [new DnsQuestion(DnsName.Parse(Zone), RecordType.SOA)] }.ToArray();
        var reply = await DnsExchange.UdpAsync(server, query, TimeSpan.FromMilliseconds(200));
        if (reply is null)
        {
            return null;
        }

        var message = DnsMessage.Parse(reply);
        return message.Answers.FirstOrDefault(r => r.Data is SoaRData)?.Data is SoaRData soa ? soa.Serial : null;
    }

    internal static string NsdConfig(string directory, IPEndPoint endpoint, IPEndPoint primary, bool tsig) => $$"""
        server:
          ip-address: {{endpoint.Address}}@{{endpoint.Port}}
          username: ""
          chroot: ""
          database: ""
          zonesdir: "{{directory}}"
          pidfile: "{{directory}}/nsd.pid"
          xfrdfile: "{{directory}}/xfrd.state"
          xfrdir: "{{directory}}"
          zonelistfile: "{{directory}}/zone.list"
          server-count: 1
          verbosity: 2
        remote-control:
          control-enable: no
        {{(tsig ? $"key:\n  name: \"{KeyName}\"\n  algorithm: hmac-sha256\n  secret: \"{KeySecret}\"\n" : "")}}
        zone:
          name: "{{Zone}}"
          zonefile: "{{directory}}/lab.test.zone"
          allow-notify: {{primary.Address}} {{(tsig ? KeyName : "NOKEY")}}
          request-xfr: {{primary.Address}}@{{primary.Port}} {{(tsig ? KeyName : "NOKEY")}}

        """;

    internal static string KnotConfig(string directory, IPEndPoint endpoint, IPEndPoint primary, bool tsig) => $$"""
        server:
          rundir: "{{directory}}"
          pidfile: "{{directory}}/knot.pid"
          listen: {{endpoint.Address}}@{{endpoint.Port}}
          background-workers: 1
        control:
          listen: "{{directory}}/knot.sock"
        database:
          storage: "{{directory}}/db"
        log:
          - target: stderr
            any: info
        {{(tsig ? $"key:\n  - id: {KeyName}\n    algorithm: hmac-sha256\n    secret: {KeySecret}\n" : "")}}
        remote:
          - id: primary
            address: {{primary.Address}}@{{primary.Port}}
            {{(tsig ? "key: " + KeyName : "")}}
        acl:
          - id: notify-from-primary
            address: {{primary.Address}}
            action: notify
            {{(tsig ? "key: " + KeyName : "")}}
        zone:
          - domain: "{{Zone}}"
            file: "{{directory}}/lab.test.zone"
            master: primary
            acl: notify-from-primary
            zonefile-sync: -1

        """;

    internal static string BindConfig(string directory, IPEndPoint endpoint, IPEndPoint primary, bool tsig) => $$"""
        options {
          directory "{{directory}}";
          pid-file "{{directory}}/named.pid";
          listen-on port {{endpoint.Port}} { {{endpoint.Address}}; };
          listen-on-v6 { none; };
          recursion no;
          notify no;
        };
        controls { };
        {{(tsig ? $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{KeySecret}\"; }};" : "")}}
        zone "{{Zone}}" {
          type secondary;
          file "{{directory}}/lab.test.db";
          primaries { {{primary.Address}} port {{primary.Port}}{{(tsig ? $" key \"{KeyName}\"" : "")}}; };
          allow-notify { {{primary.Address}}; };
        };

        """;
}
