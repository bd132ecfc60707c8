using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Transfers;

/// <summary>
/// Knot or BIND as the primary of <c>lab.test.</c>, notifying our server, as docs/scaling.md shows;
/// with a key secret, transfers need TSIG key <c>xfr-key.</c> (hmac-sha256) and NOTIFY is signed with it.
/// </summary>
internal sealed class PrimaryPeer : PeerProcess
{
    private PrimaryPeer(SecondaryKind kind, ChildProcess process, TempDirectory directory, IPEndPoint endpoint)
        : base(process, directory)
    {
        Kind = kind;
        Endpoint = endpoint;
    }

    public SecondaryKind Kind { get; }

    public IPEndPoint Endpoint { get; }

    public string ZoneFile => Folder.Combine("lab.test.zone");

    /// <param name="keySecret">The base64 secret of <c>xfr-key.</c> that the primary requires; null for none.</param>
    public static PrimaryPeer Start(SecondaryKind kind, IPEndPoint secondary, string zoneText, string? keySecret = null)
    {
        var directory = new TempDirectory("xfr-primary-" + kind.ToString().ToLowerInvariant());
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePort.Pick(IPAddress.Loopback));
        File.WriteAllText(directory.Combine("lab.test.zone"), zoneText);
        directory.CreateDirectory("db");
        string config = directory.Combine("primary.conf");
        File.WriteAllText(config, kind == SecondaryKind.Knot
            ? KnotConfig(directory.Path, endpoint, secondary, keySecret)
            : BindConfig(directory.Path, endpoint, secondary, keySecret));
        var process = kind == SecondaryKind.Knot
            ? ChildProcess.Start(Peers.Require("knotd"), ["-c", config], directory.Path)
            : ChildProcess.Start(Peers.Require("named"), ["-g", "-n", "1", "-c", config], directory.Path);
        return new PrimaryPeer(kind, process, directory, endpoint);
    }

    /// <summary>
    /// Adds <c>new A 192.0.2.2</c> and moves the serial to 2: a <c>knotc</c> transaction for Knot
    /// (its serial policy increments the serial), an edited file and SIGHUP for BIND.
    /// </summary>
    public void AddRecordAndBumpSerial(string zoneText)
    {
        if (Kind == SecondaryKind.Knot)
        {
            Knotc("zone-begin", "lab.test.");
            Knotc("zone-set", "lab.test.", "new", "300", "A", "192.0.2.2");
            Knotc("zone-commit", "lab.test.");
            return;
        }

        File.WriteAllText(ZoneFile, zoneText);
        Process.Signal(ChildProcess.SigHup);
    }

    private void Knotc(params string[] arguments)
    {
        var result = PeerProgram.Run(Peers.Require("knotc"), ["-s", Folder.Combine("knot.sock"), .. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    internal static string KnotConfig(string directory, IPEndPoint endpoint, IPEndPoint secondary, string? keySecret = null) => $$"""
        server:
          rundir: "{{directory}}"
          listen: {{endpoint.Address}}@{{endpoint.Port}}
          background-workers: 1
        control:
          listen: "{{directory}}/knot.sock"
        database:
          storage: "{{directory}}/db"
        log:
          - target: stderr
            any: info
        {{(keySecret is null ? "" : $"key:\n  - id: {TransferPeer.KeyName}\n    algorithm: hmac-sha256\n    secret: {keySecret}\n")}}
        remote:
          - id: our-secondary
            address: {{secondary.Address}}@{{secondary.Port}}
            {{(keySecret is null ? "" : "key: " + TransferPeer.KeyName)}}
        acl:
          - id: transfer-to-secondaries
            address: 127.0.0.0/8
            action: transfer
            {{(keySecret is null ? "" : "key: " + TransferPeer.KeyName)}}
        zone:
          - domain: "lab.test."
            file: "{{directory}}/lab.test.zone"
            notify: our-secondary
            acl: transfer-to-secondaries
            journal-content: changes
            zonefile-sync: -1

        """;

    internal static string BindConfig(string directory, IPEndPoint endpoint, IPEndPoint secondary, string? keySecret = null) => $$"""
        {{(keySecret is null ? "" : $"key \"{TransferPeer.KeyName}\" {{ algorithm hmac-sha256; secret \"{keySecret}\"; }};")}}
        options {
          directory "{{directory}}";
          pid-file "{{directory}}/named.pid";
          listen-on port {{endpoint.Port}} { {{endpoint.Address}}; };
          listen-on-v6 { none; };
          recursion no;
          notify explicit;
          also-notify { {{secondary.Address}} port {{secondary.Port}}{{(keySecret is null ? "" : $" key \"{TransferPeer.KeyName}\"")}}; };
          allow-transfer { {{(keySecret is null ? "127.0.0.0/8" : $"key \"{TransferPeer.KeyName}\"")}}; };
          ixfr-from-differences yes;
          notify-delay 0;
        };
        controls { };
        zone "lab.test." {
          type primary;
          file "{{directory}}/lab.test.zone";
        };

        """;
}
