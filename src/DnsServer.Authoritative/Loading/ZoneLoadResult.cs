using DnsServer.Protocol;

namespace DnsServer.Authoritative.Loading;

/// <summary>What loading one zone file gave: the zone's summary, or the errors that kept it out.</summary>
public sealed record ZoneLoadResult(string Path, DnsName Origin, ZoneSummary? Zone, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool Loaded => Zone is not null;
}

/// <summary>A served zone in a line: its name, serial and size.</summary>
public sealed record ZoneSummary(DnsName Origin, uint Serial, int RecordCount, int NameCount, string Source);
