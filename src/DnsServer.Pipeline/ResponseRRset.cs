using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Pipeline;

/// <summary>
/// One RRset placed in a response section. It points at records a zone or cache already holds;
/// shaping stages build new arrays instead of reordering those. A null <see cref="Owner"/> stands
/// for the QNAME as the client wrote it (wildcard answers, synthesized CNAMEs).
/// </summary>
public readonly record struct ResponseRRset(
    DnsName? Owner,
    RecordType Type,
    RecordClass Class,
    uint Ttl,
    ReadOnlyMemory<RData> Records)
{
    public static ResponseRRset From(RRset set) => new(set.Name, set.Type, set.Class, set.Ttl, set.RecordsMemory);

    public static ResponseRRset From(RRset set, uint ttl) => new(set.Name, set.Type, set.Class, ttl, set.RecordsMemory);
}
