using DnsServer.Protocol.Records;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>A record read from a zone file, with where it was written (for the checks' messages).</summary>
public readonly record struct ZoneFileRecord(ResourceRecord Record, string File, int Line);
