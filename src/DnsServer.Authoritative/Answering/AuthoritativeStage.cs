using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Answering;

/// <summary>
/// Answers queries for names in the zones we serve; passes everything else on (to the resolver,
/// or to REFUSED at the end of the pipeline).
/// </summary>
internal sealed class AuthoritativeStage(ZoneCatalogHolder catalog) : IQueryMiddleware
{
    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        if (context.QClass is RecordClass.IN or RecordClass.ANY
            && AnswerBuilder.TryAnswer(context, catalog.Current))
        {
            context.AnsweredBy = AnswerSource.Authoritative;
            return ValueTask.CompletedTask;
        }

        return next(context);
    }
}
