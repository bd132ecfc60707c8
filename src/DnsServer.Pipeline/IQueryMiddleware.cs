namespace DnsServer.Pipeline;

/// <summary>Continues a query down the pipeline.</summary>
public delegate ValueTask QueryDelegate(QueryContext context);

/// <summary>
/// One stage of the query pipeline. A stage either answers (fills <see cref="QueryContext.Response"/>
/// and returns without calling the next stage) or passes the query on. Stages never touch
/// sockets; synchronous stages return a completed <see cref="ValueTask"/>, which costs nothing.
/// </summary>
public interface IQueryMiddleware
{
    ValueTask InvokeAsync(QueryContext context, QueryDelegate next);
}
