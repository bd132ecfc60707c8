using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Recursive.Tests;

/// <summary>
/// A scripted authoritative server for one zone, from zone-file text: answers, CNAMEs, referrals
/// with the glue it holds, NXDOMAIN and NODATA with the SOA. Enough to walk; not a conformance model.
/// </summary>
internal sealed class FakeAuthority
{
    private readonly List<ResourceRecord> _records;

    public FakeAuthority(string origin, string zoneText)
    {
        Origin = DnsName.Parse(origin);
        _records = Records(zoneText, Origin);
    }

    public DnsName Origin { get; }

    public static List<ResourceRecord> Records(string text, DnsName? origin = null)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = origin ?? DnsName.Root, DefaultTtl = 3600 });
        var records = reader.Read(new StringReader(text)).Select(r => r.Record).ToList();
        Assert.Empty(reader.Errors);
        return records;
    }

    public DnsMessage Answer(DnsQuestion question)
    {
        var name = question.Name;
        if (!name.IsSubdomainOf(Origin))
        {
            return Reply(question, ResponseCode.Refused, aa: false);
        }

        for (var cut = name; cut.LabelCount > Origin.LabelCount; cut = cut.Parent())
        {
            var ns = At(cut, RecordType.NS);
            if (ns.Count > 0)
            {
                var glue = ns.SelectMany(r => _records.Where(g => g.Name.Equals(((NsRData)r.Data).Target) && g.Type is RecordType.A or RecordType.AAAA));
                return Reply(question, ResponseCode.NoError, aa: false, authority: ns, additional: [.. glue]);
            }

            var dname = At(cut.Parent(), RecordType.DNAME);
            if (dname.Count > 0 && cut.Parent().LabelCount >= Origin.LabelCount)
            {
                var target = name.ReplaceSuffix(cut.Parent(), ((DNameRData)dname[0].Data).Target)!;
                var cname = new ResourceRecord(name, RecordClass.IN, dname[0].Ttl, new CNameRData(target));
                return Reply(question, ResponseCode.NoError, aa: true, answer: [dname[0], cname]);
            }
        }

        var data = At(name, question.Type);
        if (data.Count > 0)
        {
            return Reply(question, ResponseCode.NoError, aa: true, answer: data);
        }

        var alias = At(name, RecordType.CNAME);
        if (alias.Count > 0)
        {
            var target = ((CNameRData)alias[0].Data).Target;
            var more = target.IsSubdomainOf(Origin) ? At(target, question.Type) : [];
            return Reply(question, ResponseCode.NoError, aa: true, answer: [.. alias, .. more]);
        }

        var soa = At(Origin, RecordType.SOA);
        bool exists = _records.Any(r => r.Name.IsSubdomainOf(name));
        return Reply(question, exists ? ResponseCode.NoError : ResponseCode.NXDomain, aa: true, authority: soa);
    }

    private List<ResourceRecord> At(DnsName name, RecordType type) =>
        [.. _records.Where(r => r.Type == type && r.Name.Equals(name))];

    public static DnsMessage Reply(
        DnsQuestion question,
        ResponseCode rcode,
        bool aa,
        IReadOnlyList<ResourceRecord>? answer = null,
        IReadOnlyList<ResourceRecord>? authority = null,
        IReadOnlyList<ResourceRecord>? additional = null) => new()
        {
            Id = 0,
            Flags = (ushort)(DnsHeader.QRFlag | (aa ? DnsHeader.AAFlag : 0) | (int)rcode),
            Questions = [question],
            Answers = answer ?? [],
            Authority = authority ?? [],
            Additional = additional ?? [],
        };
}
