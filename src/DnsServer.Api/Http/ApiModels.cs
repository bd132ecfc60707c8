namespace DnsServer.Api.Http;

/// <summary><c>POST /api/zones</c>: a new zone, its SOA and NS filled in unless given.</summary>
public sealed class CreateZoneRequest
{
    /// <summary>The zone's name, e.g. <c>lab.test.</c>; a U-label name is converted to its A-label form.</summary>
    public string? Name { get; set; }

    /// <summary>The apex NS targets; the first is the SOA's MNAME.</summary>
    /// <remarks>Defaults to <c>localhost.</c>.</remarks>
    public IList<string>? Nameservers { get; set; }

    /// <summary>The TTL of the SOA and NS records.</summary>
    /// <remarks>Defaults to 3600.</remarks>
    public long? Ttl { get; set; }
}

/// <summary>One record in presentation format, as a zone file line has it.</summary>
public sealed class RecordRequest
{
    /// <summary>The owner: absolute (<c>www.lab.test.</c>), relative to the zone (<c>www</c>) or <c>@</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The type mnemonic, e.g. <c>A</c> or <c>TYPE65534</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Seconds.</summary>
    /// <remarks>Defaults to 3600.</remarks>
    public long? Ttl { get; set; }

    /// <summary>The RDATA in presentation format, e.g. <c>192.0.2.1</c> or <c>10 mail.lab.test.</c>.</summary>
    public string? Data { get; set; }
}

/// <summary><c>POST /api/zones/{zone}/records</c>: one record (the fields of <see cref="RecordRequest"/>) or a batch in <see cref="Records"/>.</summary>
public sealed class AddRecordsRequest
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public long? Ttl { get; set; }

    public string? Data { get; set; }

    /// <summary>Records added together: all or none.</summary>
    public IList<RecordRequest?>? Records { get; set; }
}

/// <summary><c>PUT /api/zones/{zone}/rrsets/{name}/{type}</c>: the RRset's new records; empty removes it.</summary>
public sealed class ReplaceRRsetRequest
{
    /// <remarks>Defaults to 3600.</remarks>
    public long? Ttl { get; set; }

    public IList<string?>? Data { get; set; }
}

/// <summary><c>POST /api/cache/flush</c>: the whole cache, or one name (and with <see cref="Tree"/> everything below it).</summary>
public sealed class FlushCacheRequest
{
    public string? Name { get; set; }

    public bool Tree { get; set; }
}

/// <summary>A served zone.</summary>
public sealed record ZoneInfo(string Name, uint Serial, int RecordCount, int NameCount, string Source, string? Path);

/// <summary>A served zone with its records.</summary>
public sealed record ZoneDetail(string Name, uint Serial, int RecordCount, int NameCount, string Source, string? Path, IReadOnlyList<RecordInfo> Records);

/// <summary>A record as served, in presentation format.</summary>
public sealed record RecordInfo(string Name, string Type, uint Ttl, string Data);

/// <summary>What a change did: the zone's new serial and the records it now holds.</summary>
public sealed record ChangeResult(string Zone, uint Serial, int RecordCount);

/// <summary><c>GET /api/status</c>.</summary>
public sealed record StatusInfo(string Version, DateTimeOffset StartedAt, double UptimeSeconds, int Zones, IReadOnlyList<string> Listeners, bool Recursion);

/// <summary>The outcome of a zone-file reload, one line per file.</summary>
public sealed record ReloadResult(string Zone, string Path, bool Loaded, uint? Serial, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>How many cache entries a flush removed.</summary>
public sealed record FlushResult(int Removed);
