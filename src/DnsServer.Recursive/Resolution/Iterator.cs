using System.Net;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Resolution;

internal enum StepKind : byte
{
    /// <summary>The reply answers the target; the chain in it (if any) leads there.</summary>
    Answer,

    /// <summary>The chain leaves the zone: go on from its final name.</summary>
    FollowCname,

    /// <summary>NXDOMAIN or NODATA for the target (or the end of its chain).</summary>
    Negative,

    /// <summary>Ask the servers of the new, deeper zone cut.</summary>
    FollowReferral,

    /// <summary>QNAME minimisation: the minimised name exists inside this zone; add one more label.</summary>
    Deeper,

    /// <summary>Relaxed QNAME minimisation: ask this zone for the full name instead.</summary>
    FullName,

    /// <summary>This server was no use: ask another of the same zone.</summary>
    NextServer,
}

/// <summary>What to do next, and the data it needs.</summary>
internal sealed record IterationStep(StepKind Kind, ClassifiedReply? Reply = null, ZoneCut? Cut = null)
{
    public static IterationStep NextServer { get; } = new(StepKind.NextServer);
}

/// <summary>
/// Decides how resolution goes on from a classified reply, as Knot Resolver's
/// <c>lib/layer/iterate.c</c>: no I/O, no cache calls, only the zone cut, the target, the
/// question that was sent and the reply.
/// </summary>
internal static class Iterator
{
    public static IterationStep Next(ZoneCut cut, QueryTarget target, DnsQuestion sent, ClassifiedReply reply)
    {
        bool minimised = sent.Type != target.Type || !sent.Name.Equals(target.Name);
        switch (reply.Kind)
        {
            case ReplyKind.Referral:
                return Referral(cut, reply);
            case ReplyKind.Lame or ReplyKind.Throwaway:
                return IterationStep.NextServer;
            case ReplyKind.NxDomain when minimised:
                // RFC 9156 §2.3 allows stopping here (RFC 8020); relaxed mode asks for the full
                // name, since servers that answer NXDOMAIN for empty non-terminals still exist.
                return new IterationStep(StepKind.FullName, reply);
            case ReplyKind.Answer or ReplyKind.NoData or ReplyKind.Cname when minimised:
                // The minimised name exists inside this zone (or is an alias): not a cut, go deeper.
                return new IterationStep(StepKind.Deeper, reply);
            case ReplyKind.Answer:
                return new IterationStep(StepKind.Answer, reply);
            case ReplyKind.Cname:
                return new IterationStep(StepKind.FollowCname, reply);
            default:
                return new IterationStep(StepKind.Negative, reply);
        }
    }

    /// <summary>
    /// The new cut from a referral: its NS names, and the glue the scrubber left (addresses of
    /// those names inside the delegating zone's bailiwick). Names without glue are resolved later
    /// by the driver's side queries (a glueless delegation).
    /// </summary>
    private static IterationStep Referral(ZoneCut cut, ClassifiedReply reply)
    {
        var ns = reply.ReferralNs!;
        if (ns.Name.LabelCount <= cut.Zone.LabelCount || !ns.Name.IsSubdomainOf(cut.Zone))
        {
            // RFC 1034 §5.3.3 step 4b: a delegation must lead closer to the name, never up or aside.
            return IterationStep.NextServer;
        }

        var names = new List<DnsName>();
        foreach (var record in ns.Records)
        {
            names.Add(((NsRData)record).Target);
        }

        var addresses = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
        foreach (var set in reply.Reply.Additional)
        {
            var list = addresses.TryGetValue(set.Name, out var known) ? [.. known] : new List<IPAddress>();
            foreach (var record in set.Records)
            {
                list.Add(record switch
                {
                    ARData a => a.Address,
                    AaaaRData aaaa => aaaa.Address,
                    _ => throw new InvalidOperationException("the scrubber keeps only addresses"),
                });
            }

            addresses[set.Name] = list;
        }

        return new IterationStep(StepKind.FollowReferral, reply, new ZoneCut(ns.Name, names, addresses));
    }

    /// <summary>
    /// The question to send for <paramref name="target"/> to the servers of <paramref name="zone"/>
    /// with <paramref name="extraLabels"/> labels below it: RFC 9156 §2.3 uses type A for the
    /// minimised names, and the full question once the name is reached.
    /// </summary>
    public static DnsQuestion MinimisedQuestion(DnsName zone, QueryTarget target, int extraLabels)
    {
        int labels = zone.LabelCount + extraLabels;
        if (labels >= target.Name.LabelCount)
        {
            return new DnsQuestion(target.Name, target.Type, target.Class);
        }

        return new DnsQuestion(target.Name.RemoveLeftLabels(target.Name.LabelCount - labels), RecordType.A, target.Class);
    }
}
