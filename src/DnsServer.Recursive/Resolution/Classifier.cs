using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Resolution;

/// <summary>What a scrubbed reply is (as Unbound's <c>iter_resptype.c</c> names them).</summary>
internal enum ReplyKind : byte
{
    /// <summary>Data of the asked type, at the QNAME or at the end of a chain.</summary>
    Answer,

    /// <summary>A delegation to a zone below the one asked.</summary>
    Referral,

    /// <summary>A CNAME or DNAME chain that leaves the zone before reaching data.</summary>
    Cname,

    /// <summary>The name exists without data of the type (RFC 2308 §2.2).</summary>
    NoData,

    /// <summary>The name does not exist (RFC 2308 §2.1).</summary>
    NxDomain,

    /// <summary>The server is not authoritative for what it was asked: AA clear without a referral, a referral upward or sideways.</summary>
    Lame,

    /// <summary>FORMERR, SERVFAIL, REFUSED, NOTIMP or any other error: ask another server.</summary>
    Throwaway,
}

/// <summary>A reply named, with what its kind needs.</summary>
internal sealed record ClassifiedReply(ReplyKind Kind, ScrubbedReply Reply)
{
    /// <summary>The SOA of a negative answer (RFC 2308 §3), when the server sent one.</summary>
    public RRset? Soa => Reply.Authority.FirstOrDefault(s => s.Type == RecordType.SOA);

    /// <summary>The NS set of a referral.</summary>
    public RRset? ReferralNs => Reply.Authority.FirstOrDefault(s => s.Type == RecordType.NS);
}

/// <summary>Names a scrubbed reply to a question asked of the servers of <c>zone</c>.</summary>
internal static class Classifier
{
    public static ClassifiedReply Classify(ScrubbedReply reply, DnsName zone)
    {
        // A chain that leaves the zone asked ends where this server's authority ends: its rcode
        // and SOA speak of a name it is not trusted for, so the target is asked of its own servers.
        if (reply.Chain.Count > 0 && !reply.FinalName.IsSubdomainOf(zone) && reply.Rcode is ResponseCode.NoError or ResponseCode.NXDomain)
        {
            return new ClassifiedReply(reply.Authoritative ? ReplyKind.Cname : ReplyKind.Lame, reply);
        }

        var kind = reply.Rcode switch
        {
            ResponseCode.NoError => ClassifyNoError(reply, zone),
            ResponseCode.NXDomain => reply.Authoritative || reply.Authority.Any(s => s.Type == RecordType.SOA) ? ReplyKind.NxDomain : ReplyKind.Lame,
            _ => ReplyKind.Throwaway,
        };
        return new ClassifiedReply(kind, reply);
    }

    private static ReplyKind ClassifyNoError(ScrubbedReply reply, DnsName zone)
    {
        if (reply.HasData)
        {
            return reply.Authoritative ? ReplyKind.Answer : ReplyKind.Lame;
        }

        if (reply.Chain.Count > 0)
        {
            return reply.Authoritative ? ReplyKind.Cname : ReplyKind.Lame;
        }

        bool hasSoa = reply.Authority.Any(s => s.Type == RecordType.SOA);
        var ns = reply.Authority.FirstOrDefault(s => s.Type == RecordType.NS);
        if (ns is not null && !hasSoa && ns.Name.LabelCount > zone.LabelCount)
        {
            // The scrubber kept only NS sets inside the zone that hold the name: this one is below the zone.
            return ReplyKind.Referral;
        }

        if (reply.Authoritative || hasSoa)
        {
            return ReplyKind.NoData;
        }

        // AA clear, no data, no SOA, no downward NS: lame, or a referral upward or sideways.
        return ReplyKind.Lame;
    }
}
