namespace DnsServer.Pipeline.Stages;

/// <summary>Lets the inner stages describe the response, then writes it (see <see cref="ResponseWriter"/>).</summary>
public sealed class ResponseFinalizerStage : IQueryMiddleware
{
    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        var pending = next(context);
        if (!pending.IsCompletedSuccessfully)
        {
            return FinishAsync(pending, context);
        }

        Finish(context);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask FinishAsync(ValueTask pending, QueryContext context)
    {
        await pending.ConfigureAwait(false);
        Finish(context);
    }

    private static void Finish(QueryContext context)
    {
        if (!context.Drop)
        {
            ResponseWriter.Write(context);
        }
    }
}
