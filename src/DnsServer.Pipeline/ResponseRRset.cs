using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Pipeline;

/// <summary>
/// One RRset placed in a response section. It points at records a zone or cache already holds;
/// shaping stages build new arrays instead of reordering those. A null <see cref="Owner"/> stands
/// for the QNAME as the client wrote it (wildcard answers, synthesized CNAMEs).
/// </summary>
/// <param name="Source">
/// The RRset the records come from, when known: while <see cref="Records"/> are still all of its
/// records, the writer copies its <see cref="RRset.RDataWire"/> instead of encoding each one.
/// </param>
/// <param name="AtQName">
/// The owner is the QNAME (an exact match of the first link): the writer points at the question
/// without reading <see cref="Owner"/>, as it would after comparing the names.
/// </param>
public readonly record struct ResponseRRset(
    DnsName? Owner,
    RecordType Type,
    RecordClass Class,
    uint Ttl,
    ReadOnlyMemory<RData> Records,
    RRset? Source = null,
    bool AtQName = false)
{
    public static ResponseRRset From(RRset set) => new(set.Name, set.Type, set.Class, set.Ttl, set.RecordsMemory, set);

    public static ResponseRRset From(RRset set, uint ttl) => new(set.Name, set.Type, set.Class, ttl, set.RecordsMemory, set);

    /// <summary>The wire image of <see cref="Records"/>, when they are still the source's own.</summary>
    public byte[]? RDataWire =>
        Source is { RDataWire: { } wire } source && Records.Equals(source.RecordsMemory) ? wire : null;
}
