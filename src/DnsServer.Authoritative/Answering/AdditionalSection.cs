using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Answering;

/// <summary>
/// Additional section processing (RFC 1034 §4.3.2 step 6, RFC 2782 for SRV): addresses of the
/// names that NS, MX and SRV records point at, when the same zone holds them.
/// </summary>
internal static class AdditionalSection
{
    // The scratch buffer is written before it is read: not zeroing it saves a store per 32 bytes.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public static void AddFor(QueryContext context, Zone zone, RRset set)
    {
        if (set.Type is not (RecordType.NS or RecordType.MX or RecordType.SRV))
        {
            return;
        }

        Span<byte> lowered = stackalloc byte[DnsName.MaxLength];
        foreach (var record in set.Records)
        {
            var target = record switch
            {
                NsRData ns => ns.Target,
                MxRData mx => mx.Exchange,
                SrvRData srv => srv.Target,
                _ => null,
            };
            if (target is null || !target.IsSubdomainOf(zone.Origin))
            {
                continue;
            }

            DnsNameWire.ToLower(target.Wire, lowered);
            if (zone.FindExact(lowered[..target.Wire.Length]) is { } node)
            {
                AddAddresses(context.Response, node);
            }
        }
    }

    public static void AddAddresses(ResponseBuilder response, ZoneNode node)
    {
        if (node.Find(RecordType.A) is { } a)
        {
            response.Additional.Add(ResponseRRset.From(a));
        }

        if (node.Find(RecordType.AAAA) is { } aaaa)
        {
            response.Additional.Add(ResponseRRset.From(aaaa));
        }
    }
}
