using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Recursive.Resolution;

/// <summary>A reply after scrubbing: RRsets grouped (RFC 2181 §5), the answer as a chain from the QNAME.</summary>
internal sealed class ScrubbedReply
{
    public required ResponseCode Rcode { get; init; }

    public required bool Authoritative { get; init; }

    /// <summary>The answer in chain order: DNAMEs with the CNAMEs synthesized from them, CNAMEs, then the data.</summary>
    public required IReadOnlyList<RRset> Chain { get; init; }

    /// <summary>The name at the end of the chain: the QNAME when there is no CNAME or DNAME.</summary>
    public required DnsName FinalName { get; init; }

    /// <summary>True when the chain ends in data of the asked type.</summary>
    public required bool HasData { get; init; }

    public required IReadOnlyList<RRset> Authority { get; init; }

    public required IReadOnlyList<RRset> Additional { get; init; }
}

/// <summary>
/// Drops what a server has no business telling us, before anything is classified or cached (as
/// Unbound's <c>iter_scrub.c</c>): answer records not on the chain from the QNAME, or outside the
/// server's bailiwick (the zone asked); authority NS and SOA not for a zone that holds the name
/// and lies inside the bailiwick; additional addresses not for a name server named in the reply or
/// outside the bailiwick; every other additional record. Its CNAMEs for DNAMEs are replaced by our
/// own synthesis (RFC 6672 §3.2).
/// </summary>
internal static class Scrubber
{
    /// <summary>More links than this in one reply are not followed (the driver's limit is lower anyway).</summary>
    private const int MaxLinksPerReply = 16;

    public static ScrubbedReply Scrub(DnsMessage message, DnsQuestion question, DnsName bailiwick)
    {
        var answer = Group(message.Answers);
        var chain = new List<RRset>();
        var current = question.Name;
        bool hasData = false;
        for (int link = 0; link <= MaxLinksPerReply && current.IsSubdomainOf(bailiwick); link++)
        {
            if (FindDname(answer, current, bailiwick) is { } dname)
            {
                var target = ((DNameRData)dname.Records[0]).Target;
                var synthesized = current.ReplaceSuffix(dname.Name, target);
                if (synthesized is null)
                {
                    break;
                }

                chain.Add(dname);
                chain.Add(new RRset(current, RecordType.CNAME, dname.Class, dname.Ttl, [new CNameRData(synthesized)]));
                current = synthesized;
                continue;
            }

            if (question.Type == RecordType.ANY && answer.Where(s => s.Name.Equals(current)).ToList() is { Count: > 0 } all)
            {
                chain.AddRange(all);
                hasData = true;
                break;
            }

            if (Find(answer, current, question.Type) is { } data)
            {
                chain.Add(data);
                hasData = true;
                break;
            }

            if (Find(answer, current, RecordType.CNAME) is not { } cname || chain.Contains(cname))
            {
                break;
            }

            chain.Add(cname);
            current = ((CNameRData)cname.Records[0]).Target;
        }

        var authority = ScrubAuthority(Group(message.Authority), current, bailiwick);
        return new ScrubbedReply
        {
            Rcode = message.ResponseCode,
            Authoritative = (message.Flags & DnsHeader.AAFlag) != 0,
            Chain = chain,
            FinalName = current,
            HasData = hasData,
            Authority = authority,
            Additional = ScrubAdditional(Group(message.Additional), authority, chain, bailiwick),
        };
    }

    /// <summary>Groups records into RRsets in order of first appearance; an RRset's TTL is its least (RFC 2181 §5.2).</summary>
    internal static List<RRset> Group(IReadOnlyList<ResourceRecord> records)
    {
        var sets = new List<RRset>();
        var groups = new Dictionary<(DnsName, RecordType, RecordClass), (List<RData> Data, uint Ttl)>();
        var order = new List<(DnsName Name, RecordType Type, RecordClass Class)>();
        foreach (var record in records)
        {
            var key = (record.Name, record.Type, record.Class);
            if (!groups.TryGetValue(key, out var group))
            {
                group = ([], record.Ttl);
                order.Add(key);
            }

            if (!group.Data.Contains(record.Data))
            {
                group.Data.Add(record.Data);
            }

            groups[key] = (group.Data, Math.Min(group.Ttl, record.Ttl));
        }

        foreach (var key in order)
        {
            var (data, ttl) = groups[key];
            sets.Add(new RRset(key.Name, key.Type, key.Class, ttl, [.. data]));
        }

        return sets;
    }

    private static RRset? Find(List<RRset> sets, DnsName name, RecordType type) =>
        sets.FirstOrDefault(s => s.Type == type && s.Name.Equals(name));

    /// <summary>A DNAME owned by a proper ancestor of <paramref name="name"/> inside the bailiwick (RFC 6672 §2.3).</summary>
    private static RRset? FindDname(List<RRset> sets, DnsName name, DnsName bailiwick) =>
        sets.FirstOrDefault(s => s.Type == RecordType.DNAME && s.Records[0] is DNameRData
            && name.LabelCount > s.Name.LabelCount && name.IsSubdomainOf(s.Name) && s.Name.IsSubdomainOf(bailiwick));

    private static List<RRset> ScrubAuthority(List<RRset> sets, DnsName name, DnsName bailiwick) =>
        [.. sets.Where(s => s.Type is RecordType.NS or RecordType.SOA
            && name.IsSubdomainOf(s.Name) && s.Name.IsSubdomainOf(bailiwick))];

    private static List<RRset> ScrubAdditional(List<RRset> sets, List<RRset> authority, List<RRset> chain, DnsName bailiwick)
    {
        var serverNames = authority.Concat(chain)
            .Where(s => s.Type == RecordType.NS)
            .SelectMany(s => s.Records.ToArray())
            .Select(r => ((NsRData)r).Target)
            .ToHashSet();
        return [.. sets.Where(s => s.Type is RecordType.A or RecordType.AAAA
            && serverNames.Contains(s.Name) && s.Name.IsSubdomainOf(bailiwick))];
    }
}
