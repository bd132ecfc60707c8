using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Answering;

/// <summary>
/// The authoritative answer, RFC 1034 §4.3.2 step by step: find the zone, then the node or its
/// closest encloser; a cut above it gives a referral, a DNAME above it a synthesized CNAME
/// (RFC 6672 §3.2), an exact node its data or a CNAME to follow, no node a wildcard (RFC 4592)
/// or NXDOMAIN. Sections are filled answer, authority, additional, as Knot's <c>internet.c</c>.
/// </summary>
internal static class AnswerBuilder
{
    /// <summary>Most CNAME/DNAME links followed for one query, as BIND's limit of 16.</summary>
    public const int MaxChainLength = 16;

    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static bool TryAnswer(QueryContext context, ZoneCatalog catalog)
    {
        var zone = catalog.FindZone(context.QNameLower);
        if (zone is null)
        {
            return false;
        }

        var response = context.Response;
        response.SetRcode(ResponseCode.NoError);
        response.Authoritative = true;
        var state = new ChainState(context.QType);
        Span<byte> lowered = stackalloc byte[DnsName.MaxLength];
        scoped ReadOnlySpan<byte> name = context.QNameLower;
        DnsName? owner = null;

        for (int link = 0; ; link++)
        {
            var step = AnswerInZone(context, zone, name, owner, ref state);
            if (step.Next is null)
            {
                return true;
            }

            if (link + 1 >= MaxChainLength)
            {
                // Leave the chain as far as it got: the client's resolver can go on from there.
                return true;
            }

            owner = step.Next;
            DnsNameWire.ToLower(owner.Wire, lowered);
            name = lowered[..owner.Wire.Length];
            zone = catalog.FindZone(name);
            if (zone is null)
            {
                return true;
            }
        }
    }

    /// <summary>Answers one link of the chain; returns the next name when a CNAME or DNAME leads on.</summary>
    private static ChainStep AnswerInZone(QueryContext context, Zone zone, ReadOnlySpan<byte> name, DnsName? owner, ref ChainState state)
    {
        var response = context.Response;
        var node = zone.Find(name, out var encloser);
        var cut = node is not null ? node.Cut : encloser.Cut ?? (encloser.Dname is not null ? encloser : null);

        if (cut is not null)
        {
            if (!cut.IsDelegation)
            {
                return Dname.Synthesize(context, cut, owner, ref state);
            }

            // RFC 4034 §5: DS at a cut belongs to the parent side, which answers it itself.
            if (!(cut == node && state.QType == RecordType.DS))
            {
                Referral.Add(context, zone, cut, isFirstLink: state.Links == 0);
                return default;
            }
        }

        if (node is null)
        {
            if (encloser.Wildcard is { } wildcard)
            {
                return AnswerAtNode(context, zone, wildcard, owner, wildcardOwner: true, ref state);
            }

            response.SetRcode(ResponseCode.NXDomain);
            response.Authority.Add(zone.NegativeSoa);
            return default;
        }

        return AnswerAtNode(context, zone, node, owner, wildcardOwner: false, ref state);
    }

    private static ChainStep AnswerAtNode(QueryContext context, Zone zone, ZoneNode node, DnsName? owner, bool wildcardOwner, ref ChainState state)
    {
        var response = context.Response;
        var qtype = state.QType;
        if (qtype == RecordType.ANY && !node.IsEmptyNonTerminal)
        {
            foreach (var set in node.Sets)
            {
                response.Answer.Add(Place(set, owner, wildcardOwner));
            }

            return default;
        }

        if (node.Find(qtype) is { } match)
        {
            response.Answer.Add(Place(match, owner, wildcardOwner));
            AdditionalSection.AddFor(context, zone, match);
            return default;
        }

        if (qtype != RecordType.CNAME && node.Find(RecordType.CNAME) is { } cname)
        {
            // A CNAME already in the answer means the chain loops: what is there is the answer.
            if (!response.Answer.Add(Place(cname, owner, wildcardOwner)))
            {
                return default;
            }

            state.Links++;
            return new ChainStep(((CNameRData)cname.Records[0]).Target);
        }

        // NODATA (RFC 2308 §2.2): NOERROR, no answer, the SOA in authority.
        response.Authority.Add(zone.NegativeSoa);
        return default;
    }

    /// <summary>
    /// Places an RRset in the answer under the right owner: its own, or for a wildcard the name
    /// asked for (the QNAME, or the name a CNAME led to).
    /// </summary>
    private static ResponseRRset Place(RRset set, DnsName? owner, bool wildcardOwner)
    {
        if (!wildcardOwner)
        {
            // No owner means the first link, whose node is the QNAME itself.
            return new ResponseRRset(set.Name, set.Type, set.Class, set.Ttl, set.RecordsMemory, set, AtQName: owner is null);
        }

        return new ResponseRRset(owner, set.Type, set.Class, set.Ttl, set.RecordsMemory, set);
    }
}

/// <summary>Where the chain goes next: the target of a CNAME, or of a DNAME substitution.</summary>
internal readonly record struct ChainStep(DnsName? Next);

/// <summary>What a chain of CNAMEs and DNAMEs carries from one link to the next.</summary>
internal struct ChainState(RecordType qtype)
{
    public RecordType QType { get; } = qtype;

    public int Links { get; set; }
}
