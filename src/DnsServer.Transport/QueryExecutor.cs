using DnsServer.Pipeline;
using DnsServer.Protocol;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>
/// Runs the pipeline for one query and turns a failure into SERVFAIL: the one place an exception
/// from a stage is caught (ARCHITECTURE.md, the query path).
/// </summary>
internal sealed class QueryExecutor(QueryDelegate pipeline, ILogger logger, IBatchPrefetcher? prefetcher = null)
{
    /// <summary>What a transport that answers queries in batches calls before each batch, if anything.</summary>
    public IBatchPrefetcher? Prefetcher => prefetcher;

    /// <summary>Runs the query; returns a pending task only when a stage had to wait (recursion).</summary>
    public ValueTask ExecuteAsync(QueryContext context)
    {
        try
        {
            var pending = pipeline(context);
            if (pending.IsCompletedSuccessfully)
            {
                return ValueTask.CompletedTask;
            }

            return AwaitAsync(pending, context);
        }
        catch (Exception exception)
        {
            Fail(context, exception);
            return ValueTask.CompletedTask;
        }
    }

    private async ValueTask AwaitAsync(ValueTask pending, QueryContext context)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(context, exception);
        }
    }

    private void Fail(QueryContext context, Exception exception)
    {
        Log.QueryFailed(logger, exception, context.Client.ToString());
        context.Response.Clear();
        context.Response.SetRcode(ResponseCode.ServFail);
        context.AnsweredBy = AnswerSource.Error;
        if (context.Request.Length >= DnsHeader.Size && !context.Drop)
        {
            ResponseWriter.Write(context);
        }
    }
}
