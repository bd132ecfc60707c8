using DnsServer.Authoritative.Loading;
using DnsServer.Authoritative.Updates;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using DnsServer.Storage;

namespace DnsServer.Api.Zones;

/// <summary>
/// Every change to a managed zone, one at a time: the new record set is computed from the served
/// snapshot, the SOA serial is bumped, the whole zone is checked as a zone file would be (a change
/// that breaks it is refused whole, 422), then committed to the database, and only then is the new
/// snapshot swapped in. Zones served from files are read-only here (409).
/// </summary>
public sealed class ZoneEditor(ZoneService zones, ZoneDatabase database, TimeProvider time) : IZoneWriter
{
    /// <summary>One writer at a time over all zones: changes are small, and a global order keeps serials and the database in step.</summary>
    private readonly Lock _writer = new();

    public ZoneService Zones => zones;

    /// <summary>Creates a managed zone with an SOA and NS records.</summary>
    public ChangeSummary Create(DnsName origin, IReadOnlyList<DnsName> nameservers, uint ttl)
    {
        lock (_writer)
        {
            if (zones.Find(origin) is { } existing)
            {
                throw zones.IsManaged(origin)
                    ? ApiProblemException.Conflict($"zone {origin} exists")
                    : ApiProblemException.Conflict($"zone {origin} is served from {existing.Source}; import it with POST /api/zones/{origin}/import");
            }

            var soa = new SoaRData(nameservers[0], DnsName.Parse("hostmaster", origin), SoaSerial.Next(0, Today()), 7200, 1800, 1209600, 300);
            var records = new List<ResourceRecord> { new(origin, RecordClass.IN, ttl, soa) };
            records.AddRange(nameservers.Select(ns => new ResourceRecord(origin, RecordClass.IN, ttl, new NsRData(ns))));
            return Commit(origin, records, []);
        }
    }

    /// <summary>Adds records (a record already present is kept once); the TTL given becomes its RRset's.</summary>
    public ChangeSummary Add(DnsName origin, IReadOnlyList<ChangeInput> inputs) => Edit(origin, records =>
    {
        foreach (var input in inputs)
        {
            var record = input.Record;
            records.RemoveAll(r => r.Name.Equals(record.Name) && r.Type == record.Type && r.Data.Equals(record.Data));
            for (int i = 0; i < records.Count; i++)
            {
                if (records[i].Name.Equals(record.Name) && records[i].Type == record.Type)
                {
                    records[i] = records[i] with { Ttl = record.Ttl };
                }
            }

            records.Add(record);
        }

        return inputs;
    });

    /// <summary>Replaces the RRset at <paramref name="name"/> and <paramref name="type"/>; no records removes it.</summary>
    public ChangeSummary ReplaceRRset(DnsName origin, DnsName name, RecordType type, IReadOnlyList<ChangeInput> inputs) => Edit(origin, records =>
    {
        records.RemoveAll(r => r.Name.Equals(name) && r.Type == type);
        records.AddRange(inputs.Select(i => i.Record));
        return inputs;
    });

    /// <summary>Deletes one record (with <paramref name="data"/>), an RRset (with a type) or every record at a name; 404 when nothing matches.</summary>
    public ChangeSummary Delete(DnsName origin, DnsName name, RecordType? type, RData? data) => Edit(origin, records =>
    {
        int removed = records.RemoveAll(r => r.Name.Equals(name) && r.Type != RecordType.SOA
            && (type is null || r.Type == type) && (data is null || r.Data.Equals(data)));
        if (removed == 0)
        {
            throw ApiProblemException.NotFound($"no matching record at {name} in zone {origin}");
        }

        return [];
    });

    /// <summary>Creates or replaces a managed zone from zone-file text; the serial is bumped past the served one when it is not already greater.</summary>
    public ChangeSummary Import(DnsName origin, string text)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = origin, ContinueOnError = true, AllowInclude = false, FileName = "body" });
        var parsed = reader.Read(new StringReader(text)).ToList();
        var errors = new FieldErrors();
        foreach (var error in reader.Errors)
        {
            errors.Add($"body:{error.Line}", error.Message);
        }

        foreach (var record in parsed.Where(r => !r.Record.Name.IsSubdomainOf(origin)))
        {
            errors.Add($"body:{record.Line}", $"{record.Record.Name} is not in zone {origin}");
        }

        errors.ThrowIfAny();
        lock (_writer)
        {
            if (zones.Find(origin) is { } existing && !zones.IsManaged(origin))
            {
                throw ApiProblemException.Conflict($"zone {origin} is served from {existing.Source}; import that file with POST /api/zones/{origin}/import, or remove it first");
            }

            var records = parsed.Select(r => r.Record).ToList();
            var inputs = parsed.Select(r => new ChangeInput(r.Record, $"body:{r.Line}")).ToList();
            if (zones.Find(origin) is { } current && records.FindIndex(r => r.Type == RecordType.SOA) is int soa and >= 0
                && records[soa].Data is SoaRData data && !SoaSerial.IsGreater(data.Serial, current.Serial))
            {
                records[soa] = records[soa] with { Data = WithSerial(data, SoaSerial.Next(current.Serial, Today())) };
            }

            return Commit(origin, records, inputs);
        }
    }

    /// <summary>Copies a zone served from a file into the database; from then on the database copy is served and editable.</summary>
    public ChangeSummary ImportFileZone(DnsName origin)
    {
        lock (_writer)
        {
            if (zones.IsManaged(origin))
            {
                throw ApiProblemException.Conflict($"zone {origin} is already in the database");
            }

            var records = zones.GetRecords(origin) ?? throw ApiProblemException.NotFound($"no zone {origin}");
            return Commit(origin, [.. records], []);
        }
    }

    /// <summary>
    /// A dynamic update (RFC 2136): the edit runs on the served records under the writer lock, and
    /// its result goes the way of an API change. A zone served from a file is imported into the
    /// database by its first update, as <see cref="ImportFileZone"/> does. A result the zone checks
    /// refuse is REFUSED and nothing changes.
    /// </summary>
    public ZoneWriteResult Write(DnsName origin, Func<IReadOnlyList<ResourceRecord>, ZoneEdit> edit)
    {
        lock (_writer)
        {
            if (zones.GetRecords(origin) is not { } records)
            {
                return new ZoneWriteResult(ResponseCode.NotAuth, null, null);
            }

            var result = edit(records);
            if (result.Records is null)
            {
                return new ZoneWriteResult(result.Rcode, null, null);
            }

            try
            {
                var summary = Commit(origin, [.. result.Records], []);
                return new ZoneWriteResult(ResponseCode.NoError, summary.Serial, null);
            }
            catch (ApiProblemException problem)
            {
                return new ZoneWriteResult(ResponseCode.Refused, null, problem.Errors is { } errors ? string.Join("; ", errors.Values.SelectMany(e => e)) : problem.Message);
            }
        }
    }

    /// <summary>Deletes a managed zone from the database, then stops serving it.</summary>
    public void DeleteZone(DnsName origin)
    {
        lock (_writer)
        {
            RequireManaged(origin);
            database.Delete(origin);
            zones.RemoveManaged(origin);
        }
    }

    private ChangeSummary Edit(DnsName origin, Func<List<ResourceRecord>, IReadOnlyList<ChangeInput>> change)
    {
        lock (_writer)
        {
            RequireManaged(origin);
            var records = zones.GetRecords(origin)!.ToList();
            var inputs = change(records);
            int soa = records.FindIndex(r => r.Type == RecordType.SOA && r.Name.Equals(origin));
            var data = (SoaRData)records[soa].Data;
            records[soa] = records[soa] with { Data = WithSerial(data, SoaSerial.Next(data.Serial, Today())) };
            return Commit(origin, records, inputs);
        }
    }

    /// <summary>Checks the whole zone, commits it to the database, then serves it.</summary>
    private ChangeSummary Commit(DnsName origin, List<ResourceRecord> records, IReadOnlyList<ChangeInput> inputs)
    {
        Check(origin, records, inputs);
        database.Save(origin, ZoneFileWriter.Write(origin, records));
        var summary = zones.SetManaged(origin, records, ZoneDatabase.Source);
        return new ChangeSummary(origin, summary.Serial, summary.RecordCount);
    }

    /// <summary>The zone checks of a zone file; errors are reported against the input that caused them.</summary>
    private static void Check(DnsName origin, List<ResourceRecord> records, IReadOnlyList<ChangeInput> inputs)
    {
        var result = ZoneChecker.Check(records.Select((r, i) => new ZoneFileRecord(r, "zone", i + 1)), origin);
        var errors = new FieldErrors();
        foreach (var finding in result.Findings.Where(f => f.Severity == ZoneCheckSeverity.Error))
        {
            var input = inputs.FirstOrDefault(i => i.Record.Name.Equals(finding.Owner))
                ?? inputs.FirstOrDefault(i => finding.Owner.IsSubdomainOf(i.Record.Name) || i.Record.Name.IsSubdomainOf(finding.Owner));
            errors.Add(input?.Field ?? "zone", $"{finding.Owner}: {finding.Message}");
        }

        errors.ThrowIfAny();
    }

    private void RequireManaged(DnsName origin)
    {
        if (zones.Find(origin) is not { } zone)
        {
            throw ApiProblemException.NotFound($"no zone {origin}");
        }

        if (!zones.IsManaged(origin))
        {
            throw ApiProblemException.Conflict($"zone {origin} is served from the file {zone.Source} and is read-only here; edit the file, or import it into the database with POST /api/zones/{origin}/import");
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static SoaRData WithSerial(SoaRData soa, uint serial) =>
        new(soa.PrimaryServer, soa.ResponsibleMailbox, serial, soa.Refresh, soa.Retry, soa.Expire, soa.Minimum);
}

/// <summary>A record from a request and the field that named it, for error messages.</summary>
public sealed record ChangeInput(ResourceRecord Record, string Field);

/// <summary>A zone after a change.</summary>
public sealed record ChangeSummary(DnsName Origin, uint Serial, int RecordCount);
