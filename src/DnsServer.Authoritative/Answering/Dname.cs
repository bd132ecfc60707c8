using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Answering;

/// <summary>DNAME redirection (RFC 6672 §3.2): the DNAME, a CNAME synthesized from it, and the chain goes on.</summary>
internal static class Dname
{
    public static ChainStep Synthesize(QueryContext context, ZoneNode holder, DnsName? owner, ref ChainState state)
    {
        var response = context.Response;
        var dname = holder.Dname!;
        response.Answer.Add(ResponseRRset.From(dname));

        var current = owner ?? DnsName.FromWire(context.QName);
        var redirect = ((DNameRData)dname.Records[0]).Target;
        var target = current.ReplaceSuffix(holder.Name, redirect);
        if (target is null)
        {
            // RFC 6672 §2.2: the substituted name would be longer than 255 octets.
            response.SetRcode(ResponseCode.YXDomain);
            return default;
        }

        // RFC 6672 §3.2: the synthesized CNAME carries the DNAME's TTL.
        RData[] synthesized = [new CNameRData(target)];
        response.Answer.Add(new ResponseRRset(owner, RecordType.CNAME, dname.Class, dname.Ttl, synthesized));
        state.Links++;

        // A DNAME that points below its own owner would redirect its own result again, the name
        // growing each time: stop after one substitution, as Knot and NSD do.
        return redirect.IsSubdomainOf(holder.Name) ? default : new ChainStep(target);
    }
}
