using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// The semantic checks named-checkzone and kzonecheck run after parsing: one SOA, CNAME and
/// DNAME rules, out-of-zone data, occluded delegations, glue, duplicates and TTL mismatches.
/// Severities follow what stops BIND or Knot from loading the zone; docs/zone-files.md lists them.
/// </summary>
public static class ZoneChecker
{
    /// <summary>Checks the records of the zone at <paramref name="origin"/>. Reads them once, keeps them grouped by name.</summary>
    public static ZoneCheckResult Check(IEnumerable<ZoneFileRecord> records, DnsName origin)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(origin);
        var findings = new List<ZoneFinding>();
        var nodes = new Dictionary<DnsName, ZoneNode>();
        int count = 0;
        foreach (var entry in records)
        {
            count++;
            var owner = entry.Record.Name;
            if (!owner.IsSubdomainOf(origin))
            {
                findings.Add(Warn(ZoneCheckCode.OutOfZone, entry, $"out of zone {origin}: ignored, as BIND and Knot do"));
                continue;
            }

            if (!nodes.TryGetValue(owner, out var node))
            {
                node = new ZoneNode(owner);
                nodes.Add(owner, node);
            }

            node.Add(entry, findings);
        }

        var context = new CheckContext(origin, nodes, findings);
        uint? serial = CheckSoa(context);
        foreach (var node in nodes.Values)
        {
            CheckNode(context, node);
        }

        CheckAncestors(context);
        CheckGlue(context);
        findings.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.File, b.File));
        return new ZoneCheckResult(findings, new ZoneSummary(origin, count, nodes.Count, serial));
    }

    private static uint? CheckSoa(CheckContext context)
    {
        if (!context.Nodes.TryGetValue(context.Origin, out var apex) || apex.Find(RecordType.SOA) is not { } soa)
        {
            var first = context.Nodes.Values.SelectMany(n => n.RRsets).OrderBy(r => r.Line).FirstOrDefault();
            context.Findings.Add(new ZoneFinding(
                ZoneCheckCode.MissingSoa, ZoneCheckSeverity.Error, context.Origin, first?.File ?? "<input>", first?.Line ?? 0,
                "the zone has no SOA record at its apex"));
            return null;
        }

        if (soa.Records.Count > 1)
        {
            context.Findings.Add(Error(ZoneCheckCode.MultipleSoa, soa, 1, "more than one SOA record at the zone apex"));
        }

        return soa.Records[0].Data is SoaRData data ? data.Serial : null;
    }

    private static void CheckNode(CheckContext context, ZoneNode node)
    {
        bool apex = node.Name.Equals(context.Origin);
        if (!apex && node.Find(RecordType.SOA) is { } strayed)
        {
            context.Findings.Add(Error(ZoneCheckCode.SoaNotAtApex, strayed, 0, $"SOA record below the zone apex {context.Origin}"));
        }

        if (node.Find(RecordType.CNAME) is { } cname)
        {
            if (cname.Records.Count > 1)
            {
                context.Findings.Add(Error(ZoneCheckCode.MultipleCname, cname, 1, "more than one CNAME record"));
            }

            // RFC 2181 §10.1 and RFC 4035 §2.5: only DNSSEC's RRSIG and NSEC may sit beside a CNAME.
            if (node.RRsets.FirstOrDefault(r => r.Type is not (RecordType.CNAME or RecordType.RRSIG or RecordType.NSEC)) is { } other)
            {
                var report = other.Line > cname.Line ? other : cname;
                context.Findings.Add(Error(ZoneCheckCode.CnameAndOtherData, report, 0, "CNAME and other data"));
            }
        }

        if (node.Find(RecordType.DNAME) is { } dname)
        {
            if (dname.Records.Count > 1)
            {
                context.Findings.Add(Error(ZoneCheckCode.MultipleDname, dname, 1, "more than one DNAME record"));
            }

            if (!apex && node.Find(RecordType.NS) is { } ns)
            {
                var report = ns.Line > dname.Line ? ns : dname;
                context.Findings.Add(Error(ZoneCheckCode.DnameAndNs, report, 0, "DNAME beside NS below the zone apex"));
            }

            context.DnameOwners.Add(node.Name);
        }

        if (!apex && node.Find(RecordType.NS) is not null)
        {
            context.Delegations.Add(node.Name);
        }
    }

    /// <summary>Data below a DNAME, and delegations below delegations, found by walking up from each name.</summary>
    private static void CheckAncestors(CheckContext context)
    {
        if (context.DnameOwners.Count == 0 && context.Delegations.Count == 0)
        {
            return;
        }

        foreach (var node in context.Nodes.Values)
        {
            bool delegation = context.Delegations.Contains(node.Name);
            bool reportedDname = false;
            for (var ancestor = node.Name.Parent(); ancestor.LabelCount >= context.Origin.LabelCount; ancestor = ancestor.Parent())
            {
                if (!reportedDname && context.DnameOwners.Contains(ancestor))
                {
                    reportedDname = true;
                    context.Findings.Add(Error(ZoneCheckCode.BelowDname, node.RRsets[0], 0, $"data below the DNAME at {ancestor}"));
                }

                if (delegation && ancestor.LabelCount > context.Origin.LabelCount && context.Delegations.Contains(ancestor))
                {
                    delegation = false;
                    var ns = node.Find(RecordType.NS)!;
                    context.Findings.Add(Warn(ZoneCheckCode.NsBelowDelegation, ns, $"NS below the delegation at {ancestor}: occluded"));
                }

                if (ancestor.IsRoot)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Every in-zone name server target needs an address. Apex targets and targets below their
    /// own delegation (required glue) are errors, as BIND has it; sibling glue is a warning.
    /// </summary>
    private static void CheckGlue(CheckContext context)
    {
        foreach (var node in context.Nodes.Values)
        {
            if (node.Find(RecordType.NS) is not { } ns)
            {
                continue;
            }

            bool apex = node.Name.Equals(context.Origin);
            foreach (var data in ns.Records)
            {
                if (data.Data is not SingleNameRData { Target: var target } || !target.IsSubdomainOf(context.Origin) || HasAddress(context, target))
                {
                    continue;
                }

                if (apex || target.IsSubdomainOf(node.Name))
                {
                    context.Findings.Add(Error(ZoneCheckCode.MissingGlue, ns, 0, $"NS target {target} has no address records (A or AAAA)"));
                }
                else
                {
                    context.Findings.Add(Warn(ZoneCheckCode.MissingGlue, ns, $"NS target {target} has no address records (A or AAAA)"));
                }
            }
        }
    }

    private static bool HasAddress(CheckContext context, DnsName target) =>
        context.Nodes.TryGetValue(target, out var node) && (node.Find(RecordType.A) is not null || node.Find(RecordType.AAAA) is not null);

    private static ZoneFinding Error(ZoneCheckCode code, RRsetEntry rrset, int index, string message) =>
        new(code, ZoneCheckSeverity.Error, rrset.Name, rrset.File, index < rrset.Records.Count ? rrset.Records[index].Line : rrset.Line, message);

    private static ZoneFinding Warn(ZoneCheckCode code, RRsetEntry rrset, string message) =>
        new(code, ZoneCheckSeverity.Warning, rrset.Name, rrset.File, rrset.Line, message);

    internal static ZoneFinding Warn(ZoneCheckCode code, ZoneFileRecord record, string message) =>
        new(code, ZoneCheckSeverity.Warning, record.Record.Name, record.File, record.Line, message);

    private sealed record CheckContext(DnsName Origin, Dictionary<DnsName, ZoneNode> Nodes, List<ZoneFinding> Findings)
    {
        public HashSet<DnsName> DnameOwners { get; } = [];

        public HashSet<DnsName> Delegations { get; } = [];
    }
}
