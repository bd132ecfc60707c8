using System.Runtime.ExceptionServices;
using DnsServer.Protocol;

namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// The outermost stage: times the query, counts it in <see cref="QueryMetrics"/> and hands it to
/// the query log when one is on. It never throws on its own account; an exception from an inner
/// stage is counted as SERVFAIL and passed on to the transport, which answers SERVFAIL.
/// </summary>
/// <remarks>
/// A query's time starts when the transport read it (<see cref="QueryContext.ReceivedTimestamp"/>),
/// which also saves a clock read per query, or else when it enters this stage; the transports'
/// timestamps are the system clock's, so a test clock always starts here.
/// </remarks>
public sealed class DiagnosticsStage(QueryMetrics metrics, IQueryLogSink? queryLog, TimeProvider time) : IQueryMiddleware
{
    private readonly bool _systemClock = ReferenceEquals(time, TimeProvider.System);

    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        long start = _systemClock && context.ReceivedTimestamp != 0 ? context.ReceivedTimestamp : time.GetTimestamp();
        ValueTask pending;
        try
        {
            pending = next(context);
        }
        catch (Exception exception)
        {
            Record(context, start, failed: true);
            ExceptionDispatchInfo.Throw(exception);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Record(context, start, failed: false);
            return ValueTask.CompletedTask;
        }

        return FinishAsync(pending, context, start);
    }

    private async ValueTask FinishAsync(ValueTask pending, QueryContext context, long start)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch
        {
            Record(context, start, failed: true);
            throw;
        }

        Record(context, start, failed: false);
    }

    private void Record(QueryContext context, long start, bool failed)
    {
        long micros = (long)time.GetElapsedTime(start).TotalMicroseconds;
        var rcode = failed ? ResponseCode.ServFail : context.Response.Rcode;
        var source = failed ? AnswerSource.Error : context.AnsweredBy;
        metrics.Record(context.Transport, context.QType, rcode, context.Drop && !failed, source, micros);
        queryLog?.Write(context, rcode, source, micros);
    }
}

/// <summary>Where <see cref="DiagnosticsStage"/> sends each query when the query log is on. Must not block or allocate.</summary>
public interface IQueryLogSink
{
    void Write(QueryContext context, ResponseCode rcode, AnswerSource answeredBy, long latencyMicros);
}
