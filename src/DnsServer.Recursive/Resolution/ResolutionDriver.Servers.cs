using System.Net;
using DnsServer.Protocol;
using DnsServer.Recursive.Cache;
using DnsServer.Recursive.Upstream;

namespace DnsServer.Recursive.Resolution;

internal sealed partial class ResolutionDriver
{
    /// <summary>
    /// Asks the servers of one zone cut until one gives a usable reply, feeding every reply and
    /// timeout back to server selection. Name servers without known addresses are resolved by
    /// side queries, at most <see cref="RecursiveOptions.MaxNsNamesPerDelegation"/> of them.
    /// Returns null when no server gave a usable reply.
    /// </summary>
    private async Task<IterationStep?> AskZoneAsync(ZoneCut cut, QueryTarget target, DnsQuestion question, ResolutionBudget budget, int depth, CancellationToken cancellationToken)
    {
        var tried = new HashSet<IPAddress>();
        var resolved = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
        while (true)
        {
            var candidates = Candidates(cut, resolved, tried);
            if (candidates.Count == 0)
            {
                var next = NextGlueless(cut, resolved, budget);
                if (next is null || resolved.Count >= options.MaxNsNamesPerDelegation || depth >= options.MaxSideQueryDepth)
                {
                    return null;
                }

                resolved[next] = await ResolveAddressesAsync(next, budget, depth + 1, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var server = selector.Choose(candidates)!;
            tried.Add(server);
            budget.TakeSubQuery();
            var remaining = budget.Remaining;
            var timeout = selector.Timeout(server, remaining < options.UpstreamTimeout ? remaining : options.UpstreamTimeout);
            var reply = await transport.QueryAsync(new UpstreamQuery(new IPEndPoint(server, UpstreamPort), question, timeout), cancellationToken).ConfigureAwait(false);
            cache.Metrics.Upstream(reply.Status);
            if (reply.Status != UpstreamStatus.Reply || reply.Message is null)
            {
                selector.ReportTimeout(server);
                Log.UpstreamOutcome(logger, server.ToString(), question.ToString(), reply.Status.ToString());
                continue;
            }

            selector.ReportReply(server, reply.Elapsed);
            var classified = Classifier.Classify(Scrubber.Scrub(reply.Message, question, cut.Zone), cut.Zone);
            var step = Iterator.Next(cut, target, question, classified);
            if (step.Kind != StepKind.NextServer)
            {
                return step;
            }

            Log.UpstreamOutcome(logger, server.ToString(), question.ToString(), classified.Kind.ToString());
        }
    }

    private List<IPAddress> Candidates(ZoneCut cut, Dictionary<DnsName, IReadOnlyList<IPAddress>> resolved, HashSet<IPAddress> tried)
    {
        var list = new List<IPAddress>();
        foreach (var server in cut.NameServers)
        {
            if (cut.Addresses.TryGetValue(server, out var glue))
            {
                list.AddRange(glue);
            }

            if (resolved.TryGetValue(server, out var found))
            {
                list.AddRange(found);
            }

            list.AddRange(CachedAddresses(server));
        }

        list.RemoveAll(tried.Contains);
        return [.. list.Distinct()];
    }

    /// <summary>
    /// The next name server name to resolve by side query: one without addresses, not already
    /// being resolved higher up (a delegation whose servers need each other), and not inside the
    /// zone itself, which only glue could reach.
    /// </summary>
    private static DnsName? NextGlueless(ZoneCut cut, Dictionary<DnsName, IReadOnlyList<IPAddress>> resolved, ResolutionBudget budget) =>
        cut.NameServers.FirstOrDefault(n => !resolved.ContainsKey(n) && !cut.Addresses.ContainsKey(n)
            && !budget.InProgress.Contains(n) && !n.IsSubdomainOf(cut.Zone));

    /// <summary>Resolves a name server's addresses (A, then AAAA if there is no A) within the client query's budget.</summary>
    private async Task<IReadOnlyList<IPAddress>> ResolveAddressesAsync(DnsName server, ResolutionBudget budget, int depth, CancellationToken cancellationToken)
    {
        budget.InProgress.Add(server);
        try
        {
            var list = new List<IPAddress>();
            foreach (var type in new[] { RecordType.A, RecordType.AAAA })
            {
                var result = await ResolveNameAsync(new QueryTarget(server, type), budget, depth, cancellationToken).ConfigureAwait(false);
                if (result.Rcode == ResponseCode.NoError && result.Chain.Count > 0 && result.Chain[^1].Set is { } set)
                {
                    AddAddresses(list, set);
                }

                if (list.Count > 0)
                {
                    break;
                }
            }

            return list;
        }
        catch (ResolutionLimitException exception) when (!exception.Fatal)
        {
            return [];
        }
        finally
        {
            budget.InProgress.Remove(server);
        }
    }

    /// <summary>
    /// Primes the root NS set (RFC 8109 §3): asks a root hint server for ". NS" and caches the
    /// answer and the addresses of the root servers. Returns the number of root servers, or 0.
    /// </summary>
    public async Task<int> PrimeAsync(CancellationToken cancellationToken)
    {
        var target = new QueryTarget(DnsName.Root, RecordType.NS);
        var question = new DnsQuestion(DnsName.Root, RecordType.NS);
        var budget = new ResolutionBudget(options, time);
        IterationStep? step;
        try
        {
            step = await AskZoneAsync(hints.ToZoneCut(), target, question, budget, options.MaxSideQueryDepth, cancellationToken).ConfigureAwait(false);
        }
        catch (ResolutionLimitException)
        {
            return 0;
        }

        if (step is not { Kind: StepKind.Answer, Reply: { } reply })
        {
            return 0;
        }

        var ns = reply.Reply.Chain[^1];
        cache.Stash(ns, TrustRank.AuthoritativeAnswer);
        foreach (var glue in reply.Reply.Additional)
        {
            cache.Stash(glue, TrustRank.Glue);
        }

        return ns.Count;
    }
}
