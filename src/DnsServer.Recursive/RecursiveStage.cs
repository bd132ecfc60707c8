using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Recursive.Cache;
using DnsServer.Recursive.Resolution;
using Microsoft.Extensions.Logging;

namespace DnsServer.Recursive;

/// <summary>
/// Answers queries with RD set from clients allowed to recurse (<see cref="QueryContext.RecursionAllowed"/>),
/// for names our zones did not answer: from the cache when it holds the whole answer (no
/// allocation, no lock), otherwise by resolving (the query then completes later). Everything else
/// goes on to the next stage.
/// </summary>
public sealed class RecursiveStage : IQueryMiddleware
{
    private readonly ResolutionDriver _driver;
    private readonly RecordCache _cache;
    private readonly RecursiveOptions _options;
    private readonly ILogger _logger;

    internal RecursiveStage(ResolutionDriver driver, RecursiveOptions options, ILogger logger)
    {
        _driver = driver;
        _cache = driver.Cache;
        _options = options;
        _logger = logger;
    }

    public ValueTask InvokeAsync(QueryContext context, QueryDelegate next)
    {
        if (!context.RecursionAllowed || !context.Header.RecursionDesired || !context.HasQuestion
            || context.QClass != RecordClass.IN || IsMetaType(context.QType))
        {
            return next(context);
        }

        context.AnsweredBy = AnswerSource.Recursive;
        if (TryAnswerFromCache(context))
        {
            return ValueTask.CompletedTask;
        }

        context.Response.Clear();
        return ResolveAsync(context);
    }

    /// <summary>RFC 6895 §3.1: meta types (transfers, TSIG, OPT) are not resolved.</summary>
    private static bool IsMetaType(RecordType type) =>
        type is RecordType.OPT or RecordType.AXFR or RecordType.IXFR or RecordType.TSIG or RecordType.TKEY
            or RecordType.MAILA or RecordType.MAILB;

    /// <summary>Fills the response from the cache when it holds the whole chain; false leaves the answer empty.</summary>
    private bool TryAnswerFromCache(QueryContext context)
    {
        long now = _cache.NowTicks;
        var response = context.Response;
        ReadOnlySpan<byte> name = context.QNameLower;
        var type = context.QType;
        for (int links = 0; links <= _options.MaxCnameChain; links++)
        {
            if (_cache.TryGet(name, type, RecordClass.IN, now, out var entry) && entry.IsAnswerGrade)
            {
                AddEntry(response, entry, now, atQName: links == 0);
                if (_options.Cache.Prefetch && entry.TryClaimPrefetch(now))
                {
                    _ = PrefetchAsync(new QueryTarget(entry.Name, type));
                }

                return true;
            }

            if (type == RecordType.CNAME || !_cache.TryGet(name, RecordType.CNAME, RecordClass.IN, now, out var alias) || !alias.IsAnswerGrade || alias.CnameTargetLower is not { } target)
            {
                break;
            }

            AddEntry(response, alias, now, atQName: links == 0);
            name = target;
        }

        response.Answer.Clear();
        return false;
    }

    private static void AddEntry(ResponseBuilder response, CacheEntry entry, long now, bool atQName)
    {
        uint ttl = entry.RemainingTtl(now);
        if (entry.Set is { } set)
        {
            response.SetRcode(ResponseCode.NoError);
            response.Answer.Add(new ResponseRRset(atQName ? null : set.Name, set.Type, set.Class, ttl, set.RecordsMemory));
            return;
        }

        response.SetRcode(entry.Kind == CacheEntryKind.NxDomain ? ResponseCode.NXDomain : ResponseCode.NoError);
        if (entry.Soa is { } soa)
        {
            // RFC 2308 §5: the SOA's TTL counts down with the negative entry.
            response.Authority.Add(new ResponseRRset(soa.Name, soa.Type, soa.Class, ttl, soa.RecordsMemory));
        }
    }

    private async ValueTask ResolveAsync(QueryContext context)
    {
        var target = new QueryTarget(DnsName.FromWire(context.QName), context.QType);
        var result = await _driver.ResolveAsync(target).ConfigureAwait(false);
        if (result.Rcode == ResponseCode.ServFail && _options.Cache.ServeStale && TryServeStale(context, target))
        {
            return;
        }

        Fill(context.Response, target, result, _cache.NowTicks);
    }

    internal static void Fill(ResponseBuilder response, QueryTarget target, ResolutionResult result, long now)
    {
        response.SetRcode(result.Rcode);
        if (result.ErrorCode is { } code)
        {
            response.SetExtendedError(code, result.ErrorText);
        }

        for (int i = 0; i < result.Chain.Count; i++)
        {
            var entry = result.Chain[i];
            var set = entry.Set!;
            bool atQName = i == 0 && set.Name.Equals(target.Name);
            response.Answer.Add(new ResponseRRset(atQName ? null : set.Name, set.Type, set.Class, entry.RemainingTtl(now), set.RecordsMemory));
        }

        if (result.Soa is { } soa)
        {
            uint ttl = result.NegativeEntry?.RemainingTtl(now) ?? result.SoaTtl;
            response.Authority.Add(new ResponseRRset(soa.Name, soa.Type, soa.Class, ttl, soa.RecordsMemory));
        }
    }

    /// <summary>RFC 8767 §4: when resolution fails, expired data within the stale window is served with TTL 30.</summary>
    private bool TryServeStale(QueryContext context, QueryTarget target)
    {
        if (!_cache.TryGet(target.Name, target.Type, target.Class, out var entry, allowStale: true))
        {
            return false;
        }

        var response = context.Response;
        if (entry.Set is { } set)
        {
            response.SetRcode(ResponseCode.NoError);
            response.Answer.Add(new ResponseRRset(null, set.Type, set.Class, RecordCache.StaleTtl, set.RecordsMemory));
            response.SetExtendedError(ExtendedError.StaleAnswer);
            return true;
        }

        response.SetRcode(entry.Kind == CacheEntryKind.NxDomain ? ResponseCode.NXDomain : ResponseCode.NoError);
        if (entry.Soa is { } soa)
        {
            response.Authority.Add(new ResponseRRset(soa.Name, soa.Type, soa.Class, RecordCache.StaleTtl, soa.RecordsMemory));
        }

        response.SetExtendedError(entry.Kind == CacheEntryKind.NxDomain ? ExtendedError.StaleNxDomainAnswer : ExtendedError.StaleAnswer);
        return true;
    }

    /// <summary>Refreshes a popular answer near its expiry (as Unbound's <c>prefetch</c>), off the query path.</summary>
    private async Task PrefetchAsync(QueryTarget target)
    {
        try
        {
            await Task.Yield();
            var result = await _driver.ResolveOnceAsync(target, CancellationToken.None).ConfigureAwait(false);
            if (result.ErrorText is { } reason)
            {
                Log.PrefetchFailed(_logger, target.Name.ToString(), target.Type.ToString(), reason);
            }
        }
        catch (Exception exception)
        {
            Log.PrefetchFailed(_logger, target.Name.ToString(), target.Type.ToString(), exception.Message);
        }
    }
}
