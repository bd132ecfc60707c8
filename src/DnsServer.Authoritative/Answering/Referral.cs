using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Answering;

/// <summary>
/// A referral to the servers of a child zone (RFC 1034 §4.3.2 step 3b): AA clear, the cut's NS
/// RRset in authority, and the addresses of those servers we hold in additional.
/// </summary>
internal static class Referral
{
    public static void Add(QueryContext context, Zone zone, ZoneNode cut, bool isFirstLink)
    {
        var response = context.Response;
        if (isFirstLink)
        {
            response.Authoritative = false;
        }

        var ns = cut.Find(RecordType.NS)!;
        response.Authority.Add(ResponseRRset.From(ns));

        // Glue for servers named below the cut must fit or the referral is useless (RFC 9471 §3):
        // those go first and count as required; addresses of other in-zone servers follow.
        AddGlue(context, zone, ns, cut, belowCut: true);
        response.RequiredAdditionalCount = response.Additional.Count;
        AddGlue(context, zone, ns, cut, belowCut: false);
    }

    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static void AddGlue(QueryContext context, Zone zone, RRset ns, ZoneNode cut, bool belowCut)
    {
        Span<byte> lowered = stackalloc byte[DnsName.MaxLength];
        foreach (var record in ns.Records)
        {
            var target = ((NsRData)record).Target;
            if (target.IsSubdomainOf(cut.Name) != belowCut || !target.IsSubdomainOf(zone.Origin))
            {
                continue;
            }

            DnsNameWire.ToLower(target.Wire, lowered);
            if (zone.FindExact(lowered[..target.Wire.Length]) is { } node)
            {
                AdditionalSection.AddAddresses(context.Response, node);
            }
        }
    }
}
