namespace DnsServer.Protocol.ZoneFiles;

/// <summary>What a zone check found. The names follow named-checkzone's and kzonecheck's messages.</summary>
public enum ZoneCheckCode
{
    /// <summary>The same owner, class, type and RDATA twice; loaders keep one (RFC 2181 §5).</summary>
    DuplicateRecord,

    /// <summary>No SOA at the zone apex (RFC 1035 §5.2).</summary>
    MissingSoa,

    /// <summary>More than one distinct SOA at the apex.</summary>
    MultipleSoa,

    /// <summary>An SOA at a name other than the apex.</summary>
    SoaNotAtApex,

    /// <summary>A record whose owner is not at or below the origin; loaders ignore it.</summary>
    OutOfZone,

    /// <summary>A CNAME beside other data other than RRSIG and NSEC (RFC 2181 §10.1, RFC 4035 §2.5).</summary>
    CnameAndOtherData,

    /// <summary>More than one CNAME at a name (RFC 2181 §10.1: CNAME is a singleton).</summary>
    MultipleCname,

    /// <summary>More than one DNAME at a name (RFC 6672 §2.4).</summary>
    MultipleDname,

    /// <summary>A DNAME and an NS at the same name below the apex (RFC 6672 §2.3; Knot rejects it).</summary>
    DnameAndNs,

    /// <summary>Data below a DNAME owner (RFC 6672 §2.3: no descendants).</summary>
    BelowDname,

    /// <summary>An NS RRset below another delegation: occluded, never served (RFC 1034 §4.2.1).</summary>
    NsBelowDelegation,

    /// <summary>An in-zone name server target without A or AAAA records (glue, RFC 1034 §4.2.1).</summary>
    MissingGlue,

    /// <summary>Records of one RRset written with different TTLs (RFC 2181 §5.2); the first record's TTL is kept.</summary>
    TtlMismatch,
}

/// <summary>How bad a finding is: an error stops the zone from loading, a warning does not.</summary>
public enum ZoneCheckSeverity
{
    Warning,
    Error,
}

/// <summary>One finding of <see cref="ZoneChecker"/>, tied to the record that shows it.</summary>
public sealed record ZoneFinding(ZoneCheckCode Code, ZoneCheckSeverity Severity, DnsName Owner, string File, int Line, string Message)
{
    /// <summary>The form <c>file:line: owner: message</c>, as named-checkzone prints it.</summary>
    public override string ToString() =>
        $"{File}:{Line}: {(Severity == ZoneCheckSeverity.Error ? "error" : "warning")}: {Owner}: {Message}";
}

/// <summary>Counts for a zone that checked out: what check-zone prints on success.</summary>
public sealed record ZoneSummary(DnsName Origin, int Records, int Names, uint? Serial);

/// <summary>The findings of a check and the summary of the zone.</summary>
public sealed record ZoneCheckResult(IReadOnlyList<ZoneFinding> Findings, ZoneSummary Summary)
{
    /// <summary>True when any finding is an error: the zone must not be served.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == ZoneCheckSeverity.Error);
}
