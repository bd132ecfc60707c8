using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Recursive.Resolution;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.Recursive.Tests;

/// <summary>A scripted root, two TLDs and leaf zones behind the transport seam, and a resolver over them.</summary>
internal sealed class MiniInternet
{
    public const string Hints = """
        .                     3600000 NS a.root-servers.test.
        a.root-servers.test.  3600000 A  10.0.0.1
        """;

    public static readonly FakeAuthority Root = new(".", """
        .                    86400 SOA a.root-servers.test. admin.test. 1 3600 600 86400 300
        .                    86400 NS  a.root-servers.test.
        a.root-servers.test. 86400 A   10.0.0.1
        test.                86400 NS  ns1.test.
        ns1.test.            86400 A   10.0.1.1
        other.               86400 NS  ns.other.
        ns.other.            86400 A   10.0.2.1
        """);

    public static readonly FakeAuthority Test = new("test.", """
        test.            3600 SOA ns1.test. admin.test. 1 3600 600 86400 300
        test.            3600 NS  ns1.test.
        ns1.test.        3600 A   10.0.1.1
        example.test.    3600 NS  ns.example.test.
        ns.example.test. 3600 A   10.0.3.1
        glueless.test.   3600 NS  nsg.other.
        """);

    public static readonly FakeAuthority Other = new("other.", """
        other.        3600 SOA ns.other. admin.other. 1 3600 600 86400 300
        other.        3600 NS  ns.other.
        ns.other.     3600 A   10.0.2.1
        nsg.other.    3600 A   10.0.4.1
        target.other. 3600 A   192.0.2.50
        """);

    public static readonly FakeAuthority Example = new("example.test.", """
        example.test.       3600 SOA   ns.example.test. admin.example.test. 1 3600 600 86400 60
        example.test.       3600 NS    ns.example.test.
        ns.example.test.    3600 A     10.0.3.1
        www.example.test.   300  A     192.0.2.1
        cross.example.test. 300  CNAME www.glueless.test.
        alias.example.test. 300  CNAME target.other.
        d.example.test.     300  DNAME glueless.test.
        """);

    public static readonly FakeAuthority Glueless = new("glueless.test.", """
        glueless.test.     3600 SOA ns.glueless.test. admin.glueless.test. 1 3600 600 86400 300
        glueless.test.     3600 NS  nsg.other.
        www.glueless.test. 300  A   192.0.2.2
        x.glueless.test.   300  A   192.0.2.3
        """);

    public MiniInternet(RecursiveOptions? options = null)
    {
        Options = options ?? new RecursiveOptions();
        Transport = new ScriptedTransport()
            .Serve("10.0.0.1", Root)
            .Serve("10.0.1.1", Test)
            .Serve("10.0.2.1", Other)
            .Serve("10.0.3.1", Example)
            .Serve("10.0.4.1", Glueless);
        Resolver = new RecursiveResolver(Options, RootHints.Parse(new StringReader(Hints), "hints"), Transport, Time, NullLoggerFactory.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecursiveOptions Options { get; }

    public ScriptedTransport Transport { get; }

    public RecursiveResolver Resolver { get; }

    public ResolutionResult Resolve(string name, RecordType type) =>
        Resolver.Driver.ResolveOnceAsync(new QueryTarget(DnsName.Parse(name), type), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs a query through Validation → Access → Finalizer → Recursive, as the server would.</summary>
    public DnsMessage Query(string name, RecordType type, bool edns = true, string client = "127.0.0.1")
    {
        var context = NewContext(name, type, edns, client);
        Pipeline(context).AsTask().GetAwaiter().GetResult();
        return DnsMessage.Parse(context.ResponseBytes);
    }

    public QueryDelegate Pipeline { get; private set; } = null!;

    public QueryContext NewContext(string name, RecordType type, bool edns = true, string client = "127.0.0.1")
    {
        Pipeline ??= new QueryPipelineBuilder()
            .Use(new ValidationStage())
            .Use(new RecursionAccessStage(RecursionAccessStage.Loopback))
            .Use(new ResponseFinalizerStage())
            .Use(Resolver.Stage)
            .Build();
        var request = new DnsMessage
        {
            Id = 0x4242,
            Flags = DnsHeader.RDFlag,
            Questions = [new DnsQuestion(DnsName.Parse(name), type)],
            Opt = edns ? new OptRecord(1232, 0, 0, 0) : null,
        }.ToArray();
        var context = new QueryContext();
        request.CopyTo(context.RequestBuffer);
        context.Reset(request.Length, TransportKind.Udp, ClientAddress.FromIPAddress(System.Net.IPAddress.Parse(client)));
        return context;
    }
}
