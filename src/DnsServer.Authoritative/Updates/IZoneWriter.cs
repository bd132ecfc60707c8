using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Updates;

/// <summary>
/// Where a dynamic update's new zone goes: the same path as a change made through the API (the
/// whole zone checked, committed to the database, then swapped in). Implemented outside this
/// project, so that Authoritative never references the storage.
/// </summary>
public interface IZoneWriter
{
    /// <summary>
    /// Under the one writer lock over all zones, passes the served records of
    /// <paramref name="origin"/> (SOA first) to <paramref name="edit"/>; when it returns new
    /// records, they are checked whole, committed, and then served. Nothing changes otherwise.
    /// </summary>
    ZoneWriteResult Write(DnsName origin, Func<IReadOnlyList<ResourceRecord>, ZoneEdit> edit);
}

/// <summary>What an edit decided: an answer, and the zone's new records when it changes (null when nothing is to be written).</summary>
public sealed record ZoneEdit(ResponseCode Rcode, IReadOnlyList<ResourceRecord>? Records);

/// <summary>The outcome of a write: the answer to give, the serial served after it, and why it was refused when it was.</summary>
public readonly record struct ZoneWriteResult(ResponseCode Rcode, uint? Serial, string? Reason);
