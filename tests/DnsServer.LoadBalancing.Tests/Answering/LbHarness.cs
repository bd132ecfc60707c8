using System.Net;
using System.Text;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Health;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DnsServer.LoadBalancing.Tests.Answering;

/// <summary>Serves lab.test. for the builder and the stage: FindZone and its negative SOA.</summary>
internal sealed class FakeZones : IZoneDirectory
{
    public static readonly DnsName Origin = DnsName.Parse("lab.test.");

    public static readonly ResponseRRset Soa = new(Origin, RecordType.SOA, RecordClass.IN, 60,
        new RData[] { new UnknownRData(RecordType.SOA, new byte[22]) });

    public DnsName? FindZone(DnsName name) => name.IsSubdomainOf(Origin) ? Origin : null;

    public bool TryGetNegativeSoa(ReadOnlySpan<byte> lowerName, out ResponseRRset soa)
    {
        soa = Soa;
        return true;
    }
}

internal sealed class ListSink : IEventSink
{
    public List<(LoadBalancingEventKind Kind, string? Pool, string Message)> Events { get; } = [];

    public void Add(LoadBalancingEventKind kind, string? pool, string? member, string message) => Events.Add((kind, pool, message));
}

/// <summary>A load balancer over <see cref="FakeZones"/> and a pipeline: validation, the stage, a fake zone answer.</summary>
internal sealed class LbHarness
{
    public const string ExampleJson = """
        { "LoadBalancing": {
            "Regions": { "eu": ["10.1.0.0/16", "2001:db8:1::/48"], "us": ["10.2.0.0/16"] },
            "Pools": { "web": { "Mode": "Weighted", "Ttl": 5, "Count": 1,
                "Members": [
                  { "Address": "127.0.0.21", "Weight": 3, "Region": "eu", "Priority": 1 },
                  { "Address": "127.0.0.22", "Weight": 1, "Region": "us", "Priority": 1 },
                  { "Address": "127.0.0.23", "Weight": 1, "Region": "eu", "Priority": 2 } ],
                "HealthCheck": { "Kind": "Tcp", "Port": 8080, "Interval": "00:00:01", "Timeout": "00:00:00.500", "Rise": 2, "Fall": 2 },
                "WhenAllDown": "AnswerAll" } },
            "Records": [ { "Name": "www.lab.test.", "Type": "A", "Pool": "web" } ] } }
        """;

    private readonly QueryDelegate _pipeline;

    public LbHarness(LoadBalancingOptions options, Action<QueryContext>? zone = null)
    {
        Balancer = new LoadBalancer(new FakeZones(), Health, Events, new FakeTimeProvider(), NullLogger<LoadBalancer>.Instance);
        Assert.Empty(Balancer.Apply(options));
        Zone = zone ?? NxDomain;
        _pipeline = new QueryPipelineBuilder().Use(new ValidationStage()).Use(Balancer.Stage).Use(new ZoneStage(this)).Build();
    }

    public HealthViewHolder Health { get; } = new();

    public ListSink Events { get; } = new();

    public LoadBalancer Balancer { get; }

    public Action<QueryContext> Zone { get; set; }

    public QueryContext Context { get; } = new();

    public static LoadBalancingOptions Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return configuration.GetSection("LoadBalancing").Get<LoadBalancingOptions>() ?? new LoadBalancingOptions();
    }

    public static LoadBalancingOptions Example(int seed = 7)
    {
        var options = Bind(ExampleJson);
        options.Seed = seed;
        return options;
    }

    public static void NxDomain(QueryContext context)
    {
        context.Response.SetRcode(ResponseCode.NXDomain);
        context.Response.Authority.Add(FakeZones.Soa);
    }

    public static byte[] Query(string name, RecordType type, ClientSubnet? subnet = null)
    {
        EdnsOption[]? options = null;
        if (subnet is { } ecs)
        {
            var data = new byte[4 + ecs.AddressLength];
            data[0] = 0;
            data[1] = (byte)ecs.Family;
            data[2] = ecs.SourcePrefixLength;
            Span<byte> address = stackalloc byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(address, ecs.Address);
            address[..ecs.AddressLength].CopyTo(data.AsSpan(4));
            options = [new EdnsOption(EdnsOptionCode.ClientSubnet, data)];
        }

        var message = new DnsMessage
        {
            Id = 1,
            Flags = 0,
            Questions = [new DnsQuestion(DnsName.Parse(name), type)],
            Opt = new OptRecord(1232, 0, 0, 0, options),
        };
        return message.ToArray();
    }

    public QueryContext Run(byte[] request, string client = "192.0.2.1") => Run(request, ClientAddress.FromIPAddress(IPAddress.Parse(client)));

    public QueryContext Run(byte[] request, ClientAddress client)
    {
        Context.Reset(request, TransportKind.Udp, client);
        var pending = _pipeline(Context);
        Assert.True(pending.IsCompletedSuccessfully);
        return Context;
    }

    /// <summary>The addresses of the answer's last RRset.</summary>
    public static string[] Addresses(QueryContext context) =>
        context.Response.Answer.Count == 0 ? [] : [.. context.Response.Answer[context.Response.Answer.Count - 1].Records.ToArray().Select(r => r.ToString())];

    public void SetHealth(params MemberHealth[] states) =>
        Health.Publish(new HealthView(Health.Current.Version + 1, states, [.. states.Select(_ => true)]));

    private sealed class ZoneStage(LbHarness harness) : IQueryMiddleware
    {
        public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
        {
            context.Response.SetRcode(ResponseCode.NoError);
            context.Response.Authoritative = true;
            harness.Zone(context);
            context.AnsweredBy = AnswerSource.Authoritative;
            return ValueTask.CompletedTask;
        }
    }
}
