using DnsServer.Authoritative.Transfers;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Updates;

/// <summary>
/// The zone-independent part of RFC 2136 §3: the prerequisites checked against the served records,
/// the update section pre-scanned and then applied to a copy of them, the SOA serial raised once.
/// Pure: the caller commits the records it returns, or nothing.
/// </summary>
internal static class UpdateProcessor
{
    public static ZoneEdit Apply(UpdateMessage update, DnsName origin, IReadOnlyList<ResourceRecord> current)
    {
        var rcode = CheckPrerequisites(update, origin, current);
        if (rcode != ResponseCode.NoError)
        {
            return new ZoneEdit(rcode, null);
        }

        rcode = Prescan(update, origin);
        if (rcode != ResponseCode.NoError)
        {
            return new ZoneEdit(rcode, null);
        }

        var records = current.ToList();
        bool changed = false;
        bool serialSet = false;
        foreach (var record in update.Updates)
        {
            var outcome = record.Class == update.ZoneClass ? Add(records, origin, record)
                : record.Class == RecordClass.ANY ? DeleteRRsets(records, origin, record)
                : DeleteRecord(records, origin, record);
            changed |= outcome != Outcome.Ignored;
            serialSet |= outcome == Outcome.SerialSet;
        }

        if (!changed)
        {
            return new ZoneEdit(ResponseCode.NoError, null);
        }

        if (!serialSet)
        {
            // RFC 2136 §3.6: the serial goes up once per update; RFC 1982 §3.1 addition wraps at 2^32.
            int soa = records.FindIndex(r => r.Type == RecordType.SOA && r.Name.Equals(origin));
            var data = (SoaRData)records[soa].Data;
            records[soa] = records[soa] with { Data = new SoaRData(data.PrimaryServer, data.ResponsibleMailbox, unchecked(data.Serial + 1), data.Refresh, data.Retry, data.Expire, data.Minimum) };
        }

        return new ZoneEdit(ResponseCode.NoError, records);
    }

    /// <summary>RFC 2136 §3.2: every prerequisite must hold, or the update fails with the rcode of the first that does not.</summary>
    internal static ResponseCode CheckPrerequisites(UpdateMessage update, DnsName origin, IReadOnlyList<ResourceRecord> current)
    {
        var valueDependent = new List<UpdateRecord>();
        foreach (var record in update.Prerequisites)
        {
            if (record.Ttl != 0)
            {
                return ResponseCode.FormErr;
            }

            if (!record.Name.IsSubdomainOf(origin))
            {
                return ResponseCode.NotZone;
            }

            if (record.Class == update.ZoneClass)
            {
                if (record.Data is null || IsMeta(record.Type))
                {
                    return ResponseCode.FormErr;
                }

                valueDependent.Add(record);
                continue;
            }

            if (record.Class is not (RecordClass.ANY or RecordClass.NONE) || record.Data is not null)
            {
                return ResponseCode.FormErr;
            }

            bool exists = record.Type == RecordType.ANY
                ? current.Any(r => r.Name.Equals(record.Name))
                : current.Any(r => r.Name.Equals(record.Name) && r.Type == record.Type);
            var failure = (record.Class, record.Type) switch
            {
                (RecordClass.ANY, RecordType.ANY) when !exists => ResponseCode.NXDomain,
                (RecordClass.ANY, _) when !exists => ResponseCode.NXRRSet,
                (RecordClass.NONE, RecordType.ANY) when exists => ResponseCode.YXDomain,
                (RecordClass.NONE, _) when exists => ResponseCode.YXRRSet,
                _ => ResponseCode.NoError,
            };
            if (failure != ResponseCode.NoError)
            {
                return failure;
            }
        }

        // RFC 2136 §3.2.3: each RRset named must match the zone's exactly, TTLs aside.
        foreach (var group in valueDependent.GroupBy(r => (r.Name, r.Type)))
        {
            var wanted = group.Select(r => r.Data!).Distinct().ToList();
            var served = current.Where(r => r.Name.Equals(group.Key.Name) && r.Type == group.Key.Type).Select(r => r.Data).ToList();
            if (wanted.Count != served.Count || wanted.Any(d => !served.Contains(d)))
            {
                return ResponseCode.NXRRSet;
            }
        }

        return ResponseCode.NoError;
    }

    /// <summary>RFC 2136 §3.4.1: the whole update section is checked before any of it is applied.</summary>
    internal static ResponseCode Prescan(UpdateMessage update, DnsName origin)
    {
        foreach (var record in update.Updates)
        {
            if (!record.Name.IsSubdomainOf(origin))
            {
                return ResponseCode.NotZone;
            }

            bool valid = record.Class == update.ZoneClass
                ? record.Data is not null && !IsMeta(record.Type)
                : record.Class switch
                {
                    RecordClass.ANY => record.Ttl == 0 && record.Data is null && (record.Type == RecordType.ANY || !IsMeta(record.Type)),
                    RecordClass.NONE => record.Ttl == 0 && record.Data is not null && !IsMeta(record.Type),
                    _ => false,
                };
            if (!valid)
            {
                return ResponseCode.FormErr;
            }
        }

        return ResponseCode.NoError;
    }

    /// <summary>RFC 2136 §3.4.2.2: adds a record, replacing a duplicate; CNAME and other data never meet; an SOA only with a newer serial.</summary>
    private static Outcome Add(List<ResourceRecord> records, DnsName origin, UpdateRecord update)
    {
        var record = update.ToResourceRecord();
        if (update.Type == RecordType.SOA)
        {
            int soa = records.FindIndex(r => r.Type == RecordType.SOA && r.Name.Equals(origin));
            if (!update.Name.Equals(origin) || !SerialNumber.IsNewer(((SoaRData)record.Data).Serial, ((SoaRData)records[soa].Data).Serial))
            {
                return Outcome.Ignored;
            }

            records[soa] = record;
            return Outcome.SerialSet;
        }

        bool hasCname = records.Any(r => r.Name.Equals(update.Name) && r.Type == RecordType.CNAME);
        bool hasOther = records.Any(r => r.Name.Equals(update.Name) && r.Type != RecordType.CNAME && !IsDnssec(r.Type));
        if ((update.Type == RecordType.CNAME && hasOther) || (update.Type != RecordType.CNAME && !IsDnssec(update.Type) && hasCname))
        {
            return Outcome.Ignored;
        }

        if (records.Any(r => r.Name.Equals(update.Name) && r.Type == update.Type && r.Data.Equals(record.Data) && r.Ttl == record.Ttl))
        {
            return Outcome.Ignored;
        }

        // A CNAME stands alone: the new one replaces the old (RFC 2136 §1.1.5 via RFC 1034 §3.6.2).
        records.RemoveAll(r => r.Name.Equals(update.Name) && r.Type == update.Type && (update.Type == RecordType.CNAME || r.Data.Equals(record.Data)));
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Name.Equals(update.Name) && records[i].Type == update.Type)
            {
                // RFC 2181 §5.2: the records of an RRset share one TTL; the newest sets it.
                records[i] = records[i] with { Ttl = record.Ttl };
            }
        }

        records.Add(record);
        return Outcome.Changed;
    }

    /// <summary>RFC 2136 §3.4.2.3: deletes an RRset, or every RRset at a name; the apex SOA and NS stay.</summary>
    private static Outcome DeleteRRsets(List<ResourceRecord> records, DnsName origin, UpdateRecord update)
    {
        bool apex = update.Name.Equals(origin);
        if (apex && update.Type is RecordType.SOA or RecordType.NS)
        {
            return Outcome.Ignored;
        }

        int removed = records.RemoveAll(r => r.Name.Equals(update.Name)
            && (update.Type == RecordType.ANY ? !(apex && r.Type is RecordType.SOA or RecordType.NS) : r.Type == update.Type));
        return removed > 0 ? Outcome.Changed : Outcome.Ignored;
    }

    /// <summary>RFC 2136 §3.4.2.4: deletes one record; never the SOA, never the apex's last NS.</summary>
    private static Outcome DeleteRecord(List<ResourceRecord> records, DnsName origin, UpdateRecord update)
    {
        if (update.Type == RecordType.SOA)
        {
            return Outcome.Ignored;
        }

        if (update.Type == RecordType.NS && update.Name.Equals(origin)
            && !records.Any(r => r.Name.Equals(origin) && r.Type == RecordType.NS && !r.Data.Equals(update.Data)))
        {
            return Outcome.Ignored;
        }

        int removed = records.RemoveAll(r => r.Name.Equals(update.Name) && r.Type == update.Type && r.Data.Equals(update.Data));
        return removed > 0 ? Outcome.Changed : Outcome.Ignored;
    }

    /// <summary>RFC 2136 §3.4.1.2 and RFC 6895 §3.1: meta and query-only types are never zone data.</summary>
    private static bool IsMeta(RecordType type) =>
        type is RecordType.ANY or RecordType.AXFR or RecordType.IXFR or RecordType.MAILA or RecordType.MAILB or RecordType.TSIG or RecordType.OPT;

    /// <summary>RFC 4035 §2.5: RRSIG and NSEC may sit beside a CNAME.</summary>
    private static bool IsDnssec(RecordType type) => type is RecordType.RRSIG or RecordType.NSEC;

    private enum Outcome
    {
        Ignored,
        Changed,
        SerialSet,
    }
}
