using System.Collections.Concurrent;
using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Recursive.Cache;
using DnsServer.Recursive.Selection;
using DnsServer.Recursive.Upstream;
using Microsoft.Extensions.Logging;

namespace DnsServer.Recursive.Resolution;

/// <summary>
/// Decides when (as Knot Resolver's driver and Unbound's mesh): owns the plan of sub-queries,
/// the limits, and every cache peek and stash. It peeks before each step, asks the iterator how to
/// go on after each reply, and stashes what the scrubbed, classified replies hold. Identical
/// questions resolved at the same time share one resolution.
/// </summary>
internal sealed partial class ResolutionDriver(
    RecursiveOptions options,
    RecordCache cache,
    IUpstreamTransport transport,
    ServerSelector selector,
    RootHints hints,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentDictionary<QueryTarget, Lazy<Task<ResolutionResult>>> _pending = new();

    private readonly TaskCompletionSource _firstResolution = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The port upstream servers listen on; tests on loopback sockets change it.</summary>
    internal int UpstreamPort { get; init; } = 53;

    public RecordCache Cache => cache;

    /// <summary>
    /// Completes when the first resolution starts, the first time the cache could not answer: root
    /// priming waits for it, so that a server nobody asks to recurse sends nothing upstream.
    /// </summary>
    public Task FirstResolution => _firstResolution.Task;

    /// <summary>Resolves a question, sharing the work with an identical one already under way.</summary>
    public Task<ResolutionResult> ResolveAsync(QueryTarget target)
    {
        var lazy = _pending.GetOrAdd(target, t => new Lazy<Task<ResolutionResult>>(() => RunAsync(t)));
        return lazy.Value;
    }

    private async Task<ResolutionResult> RunAsync(QueryTarget target)
    {
        try
        {
            await Task.Yield();
            return await ResolveOnceAsync(target, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(target, out _);
        }
    }

    /// <summary>Resolves without sharing, within the limits of <see cref="RecursiveOptions"/>.</summary>
    public async Task<ResolutionResult> ResolveOnceAsync(QueryTarget target, CancellationToken cancellationToken)
    {
        _firstResolution.TrySetResult();
        var budget = new ResolutionBudget(options, time);
        using var deadline = new CancellationTokenSource(options.MaxQueryTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return await ResolveNameAsync(target, budget, 0, linked.Token).ConfigureAwait(false);
        }
        catch (ResolutionLimitException exception)
        {
            Log.ResolutionFailed(logger, target.Name.ToString(), target.Type.ToString(), exception.Message);
            return ResolutionResult.Failure(exception.Code, exception.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            string text = $"time limit of {options.MaxQueryTime.TotalSeconds:0.#} s reached";
            Log.ResolutionFailed(logger, target.Name.ToString(), target.Type.ToString(), text);
            return ResolutionResult.Failure(ExtendedError.Other, text);
        }
    }

    /// <summary>Follows the name through the cache and the servers until data, a negative answer or a limit.</summary>
    private async Task<ResolutionResult> ResolveNameAsync(QueryTarget target, ResolutionBudget budget, int depth, CancellationToken cancellationToken)
    {
        var chain = new List<CacheEntry>();
        var name = target.Name;
        int links = 0;
        while (true)
        {
            var current = target with { Name = name };
            if (cache.TryGet(name, target.Type, target.Class, out var entry) && entry.IsAnswerGrade)
            {
                chain.Add(entry);
                return Finish(entry, chain);
            }

            if (target.Type != RecordType.CNAME && cache.TryGet(name, RecordType.CNAME, target.Class, out var alias) && alias.IsAnswerGrade && alias.Set is { } cname)
            {
                chain.Add(alias);
                CountLink(ref links);
                name = ((CNameRData)cname.Records[0]).Target;
                continue;
            }

            var step = await IterateAsync(current, budget, depth, cancellationToken).ConfigureAwait(false);
            var reply = step.Reply!.Reply;
            var trust = reply.Authoritative ? TrustRank.AuthoritativeAnswer : TrustRank.NonAuthoritativeAnswer;
            foreach (var set in reply.Chain)
            {
                chain.Add(cache.Stash(set, trust));
                if (set.Type == RecordType.CNAME && !(target.Type == RecordType.CNAME && reply.HasData && ReferenceEquals(set, reply.Chain[^1])))
                {
                    CountLink(ref links);
                }
            }

            switch (step.Kind)
            {
                case StepKind.Answer:
                    return new ResolutionResult(ResponseCode.NoError, chain, null, 0);
                case StepKind.FollowCname:
                    name = reply.FinalName;
                    continue;
                default:
                    return Negative(target with { Name = reply.FinalName }, step.Reply, chain);
            }
        }

        void CountLink(ref int count)
        {
            if (++count > options.MaxCnameChain)
            {
                throw new ResolutionLimitException(ExtendedError.Other, $"CNAME chain longer than {options.MaxCnameChain}", fatal: depth == 0);
            }
        }
    }

    private static ResolutionResult Finish(CacheEntry entry, List<CacheEntry> chain)
    {
        if (entry.Kind == CacheEntryKind.Positive)
        {
            return new ResolutionResult(ResponseCode.NoError, chain, null, 0);
        }

        chain.RemoveAt(chain.Count - 1);
        var rcode = entry.Kind == CacheEntryKind.NxDomain ? ResponseCode.NXDomain : ResponseCode.NoError;
        return new ResolutionResult(rcode, chain, entry.Soa, entry.Ttl) { NegativeEntry = entry };
    }

    /// <summary>Caches a negative answer for the name and type (RFC 2308 §5) and passes it on with its SOA.</summary>
    private ResolutionResult Negative(QueryTarget target, ClassifiedReply reply, List<CacheEntry> chain)
    {
        var kind = reply.Kind == ReplyKind.NxDomain ? CacheEntryKind.NxDomain : CacheEntryKind.NoData;
        var soa = reply.Soa;
        var entry = cache.StashNegative(target.Name, target.Type, target.Class, kind, soa, TrustRank.AuthoritativeAuthority);
        var rcode = kind == CacheEntryKind.NxDomain ? ResponseCode.NXDomain : ResponseCode.NoError;
        uint ttl = entry?.Ttl ?? (soa is { Records: [SoaRData data, ..] } ? Math.Min(soa.Ttl, data.Minimum) : 0);
        return new ResolutionResult(rcode, chain, soa, ttl) { NegativeEntry = entry };
    }

    /// <summary>Walks zone cuts from the closest known one until the target's zone answers.</summary>
    private async Task<IterationStep> IterateAsync(QueryTarget target, ResolutionBudget budget, int depth, CancellationToken cancellationToken)
    {
        var cut = FindCut(target);
        bool minimise = options.QnameMinimisation;
        int extraLabels = 1;
        int referrals = 0;
        var full = new DnsQuestion(target.Name, target.Type, target.Class);
        while (true)
        {
            var question = minimise ? Iterator.MinimisedQuestion(cut.Zone, target, extraLabels) : full;
            var step = await AskZoneAsync(cut, target, question, budget, depth, cancellationToken).ConfigureAwait(false);
            if (step is null)
            {
                if (!question.Equals(full))
                {
                    // Relaxed minimisation (RFC 9156 §2.3): servers that fail the minimised query get the full one.
                    minimise = false;
                    continue;
                }

                throw new ResolutionLimitException(ExtendedError.NoReachableAuthority, $"no server of {cut.Zone} answered", fatal: false);
            }

            switch (step.Kind)
            {
                case StepKind.FollowReferral:
                    if (++referrals > options.MaxReferralDepth)
                    {
                        throw new ResolutionLimitException(ExtendedError.Other, $"more than {options.MaxReferralDepth} referrals", fatal: false);
                    }

                    StashReferral(step);
                    cut = step.Cut!;
                    extraLabels = 1;
                    continue;
                case StepKind.Deeper:
                    extraLabels++;
                    continue;
                case StepKind.FullName:
                    minimise = false;
                    continue;
                default:
                    return step;
            }
        }
    }

    /// <summary>RFC 2181 §5.4.1: a referral's NS set ranks below answers, its glue lowest of all.</summary>
    private void StashReferral(IterationStep step)
    {
        var reply = step.Reply!.Reply;
        cache.Stash(step.Reply.ReferralNs!, TrustRank.NonAuthoritativeAuthority);
        foreach (var glue in reply.Additional)
        {
            cache.Stash(glue, TrustRank.Glue);
        }
    }

    /// <summary>
    /// The closest enclosing zone cut the cache knows, with a usable server (an address known, or
    /// a name outside the zone that a side query can resolve); the root hints when there is none.
    /// DS lives in the parent (RFC 4035 §3.1.4.1), so its search starts one label up.
    /// </summary>
    private ZoneCut FindCut(QueryTarget target)
    {
        var zone = target.Type == RecordType.DS && !target.Name.IsRoot ? target.Name.Parent() : target.Name;
        while (true)
        {
            if (cache.TryGet(zone, RecordType.NS, target.Class, out var entry) && entry.Set is { } ns)
            {
                var names = new List<DnsName>();
                var addresses = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
                foreach (var record in ns.Records)
                {
                    var server = ((NsRData)record).Target;
                    names.Add(server);
                    if (CachedAddresses(server) is { Count: > 0 } known)
                    {
                        addresses[server] = known;
                    }
                }

                if (addresses.Count > 0 || names.Exists(n => !n.IsSubdomainOf(zone)))
                {
                    return new ZoneCut(zone, names, addresses);
                }
            }

            if (zone.IsRoot)
            {
                return hints.ToZoneCut();
            }

            zone = zone.Parent();
        }
    }

    private List<IPAddress> CachedAddresses(DnsName server)
    {
        var list = new List<IPAddress>();
        foreach (var type in (ReadOnlySpan<RecordType>)[RecordType.A, RecordType.AAAA])
        {
            if (cache.TryGet(server, type, RecordClass.IN, out var entry) && entry.Set is { } set)
            {
                AddAddresses(list, set);
            }
        }

        return list;
    }

    internal static void AddAddresses(List<IPAddress> list, RRset set)
    {
        foreach (var record in set.Records)
        {
            if (record is ARData a)
            {
                list.Add(a.Address);
            }
            else if (record is AaaaRData aaaa)
            {
                list.Add(aaaa.Address);
            }
        }
    }
}
