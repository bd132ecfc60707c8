using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Selection;

/// <summary>
/// Members a draw picks from, with everything a query needs precomputed: their records, the
/// records twice over (so a rotation is one slice), cumulative weights and rendezvous keys.
/// </summary>
internal sealed class CandidateSet
{
    public CandidateSet(IReadOnlyList<MemberModel> members, RData[] recordsById)
    {
        Members = [.. members];
        Records = [.. Members.Select(m => recordsById[m.Id])];
        Doubled = [.. Records, .. Records];
        MemberIds = [.. Members.Select(m => m.Id)];
        // Weight 0 keeps a member out while others have weight; if none has, all count equally.
        bool anyWeight = Members.Any(m => m.Weight > 0);
        Weights = [.. Members.Select(m => anyWeight ? m.Weight : 1)];
        Cumulative = new int[Weights.Length];
        long total = 0;
        for (int i = 0; i < Weights.Length; i++)
        {
            total += Weights[i];
            Cumulative[i] = (int)Math.Min(total, int.MaxValue);
        }

        TotalWeight = Weights.Length == 0 ? 0 : Cumulative[^1];
        HashKeys = [.. Members.Select(m => StableKey(m.Address))];
    }

    public static CandidateSet Empty { get; } = new([], []);

    public MemberModel[] Members { get; }

    public RData[] Records { get; }

    public RData[] Doubled { get; }

    public int[] MemberIds { get; }

    public int[] Weights { get; }

    public int[] Cumulative { get; }

    public int TotalWeight { get; }

    public ulong[] HashKeys { get; }

    public int Count => Records.Length;

    /// <summary>The index whose cumulative weight first exceeds <paramref name="point"/> (0 ≤ point &lt; total).</summary>
    public int IndexAt(int point)
    {
        int low = 0, high = Cumulative.Length - 1;
        while (low < high)
        {
            int middle = (low + high) >> 1;
            if (Cumulative[middle] > point)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>A key for rendezvous hashing that depends on the address only, so it survives restarts and reloads.</summary>
    private static ulong StableKey(System.Net.IPAddress address)
    {
        ulong key = 0x5851F42D4C957F2DUL;
        foreach (byte b in address.GetAddressBytes())
        {
            key = FastRandom.Mix(key ^ b);
        }

        return key;
    }

    public override string ToString() => string.Join(", ", Records.Select(r => r.ToString()));
}
