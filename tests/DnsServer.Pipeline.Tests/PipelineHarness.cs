using DnsServer.Pipeline.Stages;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;

namespace DnsServer.Pipeline.Tests;

/// <summary>Builds queries and runs them through validation, the finalizer and a stage under test.</summary>
internal static class PipelineHarness
{
    public static byte[] Query(string name, RecordType type, ushort id = 0x1234, ushort? ednsSize = null, byte ednsVersion = 0, ushort flags = DnsHeader.RDFlag)
    {
        var message = new DnsMessage
        {
            Id = id,
            Flags = flags,
            Questions = [new DnsQuestion(DnsName.Parse(name), type)],
            Opt = ednsSize is { } size ? new OptRecord(size, 0, ednsVersion, 0) : null,
        };
        return message.ToArray();
    }

    public static QueryContext Run(byte[] request, IQueryMiddleware? stage = null, TransportKind transport = TransportKind.Udp)
    {
        var builder = new QueryPipelineBuilder().Use(new ValidationStage()).Use(new ResponseFinalizerStage());
        if (stage is not null)
        {
            builder.Use(stage);
        }

        var context = new QueryContext();
        context.Reset(request, transport, default);
        var pending = builder.Build()(context);
        Assert.True(pending.IsCompletedSuccessfully);
        return context;
    }

    public static DnsMessage Response(QueryContext context)
    {
        Assert.False(context.Drop);
        Assert.True(context.ResponseLength > 0);
        return DnsMessage.Parse(context.ResponseBytes);
    }
}

/// <summary>A stage that answers with fixed RRsets, for testing what the finalizer makes of them.</summary>
internal sealed class FixedAnswerStage(Action<QueryContext> answer) : IQueryMiddleware
{
    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        answer(context);
        return ValueTask.CompletedTask;
    }
}
