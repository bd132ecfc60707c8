namespace DnsServer.Pipeline;

/// <summary>Builds the chain of stages once, at start-up; the outermost stage is added first.</summary>
public sealed class QueryPipelineBuilder
{
    private readonly List<IQueryMiddleware> _stages = [];

    public QueryPipelineBuilder Use(IQueryMiddleware stage)
    {
        _stages.Add(stage);
        return this;
    }

    public IReadOnlyList<IQueryMiddleware> Stages => _stages;

    /// <summary>Composes the stages; a query that falls off the end is REFUSED.</summary>
    public QueryDelegate Build()
    {
        QueryDelegate next = Terminal;
        for (int i = _stages.Count - 1; i >= 0; i--)
        {
            // Bound to the stage's own method once, here: calling the interface from one shared
            // call site for every stage would make each hop a polymorphic stub lookup.
            Func<QueryContext, QueryDelegate, ValueTask> invoke = _stages[i].InvokeAsync;
            var inner = next;
            next = context => invoke(context, inner);
        }

        return next;
    }

    /// <summary>No stage answered: RFC 1035 REFUSED, the answer NSD and Knot give for names they do not serve.</summary>
    private static ValueTask Terminal(QueryContext context)
    {
        context.Response.SetRcode(Protocol.ResponseCode.Refused);
        context.AnsweredBy = AnswerSource.Refused;
        return ValueTask.CompletedTask;
    }
}
