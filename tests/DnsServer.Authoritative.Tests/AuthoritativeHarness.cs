using DnsServer.Authoritative.Answering;
using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Authoritative.Tests;

/// <summary>Serves zones written as text through the real pipeline, in-process.</summary>
internal sealed class AuthoritativeHarness
{
    private readonly QueryDelegate _pipeline;
    private readonly QueryContext _context = new();

    public AuthoritativeHarness(params (string Origin, string Text)[] zones)
    {
        var holder = new ZoneCatalogHolder();
        holder.Replace(new ZoneCatalog(zones.Select(z => Build(z.Origin, z.Text))));
        _pipeline = new QueryPipelineBuilder()
            .Use(new ValidationStage())
            .Use(new ResponseFinalizerStage())
            .Use(new AuthoritativeStage(holder))
            .Build();
    }

    public static Zone Build(string origin, string text)
    {
        var name = DnsName.Parse(origin);
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = name, AllowInclude = false });
        var builder = new ZoneBuilder(name, origin);
        foreach (var record in reader.Read(new StringReader(text)))
        {
            builder.Add(record.Record);
        }

        return builder.Build();
    }

    public static byte[] Query(string name, RecordType type, ushort? ednsSize = null) =>
        new DnsMessage
        {
            Id = 7,
            Questions = [new DnsQuestion(DnsName.Parse(name), type)],
            Opt = ednsSize is { } size ? new OptRecord(size, 0, 0, 0) : null,
        }.ToArray();

    /// <summary>Runs a prepared request; nothing here allocates, so allocation tests can measure the pipeline.</summary>
    public QueryContext Run(byte[] request, TransportKind transport = TransportKind.Udp)
    {
        _context.Reset(request, transport, default);
        var pending = _pipeline(_context);
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("the authoritative pipeline must complete synchronously");
        }

        return _context;
    }

    public QueryContext Run(string name, RecordType type, ushort? ednsSize = null, TransportKind transport = TransportKind.Udp) =>
        Run(Query(name, type, ednsSize), transport);

    public DnsMessage Ask(string name, RecordType type, ushort? ednsSize = null, TransportKind transport = TransportKind.Udp) =>
        DnsMessage.Parse(Run(name, type, ednsSize, transport).ResponseBytes);
}

internal static class MessageAssert
{
    public static void Section(IEnumerable<Protocol.Records.ResourceRecord> records, params string[] expected)
    {
        var actual = records.Select(r => $"{r.Name} {r.Ttl} {Protocol.Records.RecordTypeText.ToText(r.Type)} {r.Data}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), actual);
    }

    public static bool Has(this DnsMessage message, ushort flag) => (message.Flags & flag) != 0;
}
