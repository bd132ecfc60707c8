using DnsServer.Protocol;

namespace DnsServer.Authoritative.Transfers;

/// <summary>
/// A durable copy of the IXFR journal of the managed zones (those kept in the database), so that
/// after a restart IXFR still reaches back (RFC 1995 §5 leaves keeping history to the server).
/// Implemented by the storage; the journal in memory decides what is kept, this only mirrors it.
/// </summary>
public interface IJournalStore
{
    /// <summary>Stores <paramref name="delta"/> as the newest step of the zone's journal, then keeps only its newest <paramref name="keep"/> steps (0: none, this one included).</summary>
    void Append(DnsName zone, ZoneDelta delta, int keep);

    /// <summary>The stored steps of the zone's journal, oldest first.</summary>
    IReadOnlyList<ZoneDelta> Load(DnsName zone);
}
