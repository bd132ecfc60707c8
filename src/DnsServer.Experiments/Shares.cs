namespace DnsServer.Experiments;

/// <summary>The share of clients per address in one time bucket.</summary>
internal sealed record ShareBucket(long StartMs, IReadOnlyDictionary<string, double> Shares);

/// <summary>
/// Shares over time: at the end of each bucket, each client's current address is the one of the
/// last answer it used; an address's share is the fraction of the clients with a current address
/// that use it.
/// </summary>
internal static class Shares
{
    public const int BucketMs = 100;

    /// <param name="uses">every use, in time order</param>
    public static List<ShareBucket> Compute(IReadOnlyList<AnswerUse> uses, int clients, long durationMs, int bucketMs = BucketMs)
    {
        var current = new string?[clients];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int known = 0;
        int i = 0;
        var buckets = new List<ShareBucket>();
        for (long start = 0; start < durationMs; start += bucketMs)
        {
            for (; i < uses.Count && uses[i].TimeMs < start + bucketMs; i++)
            {
                var use = uses[i];
                if (current[use.Client] is { } previous)
                {
                    counts[previous]--;
                }
                else
                {
                    known++;
                }

                current[use.Client] = use.Address;
                counts[use.Address] = counts.GetValueOrDefault(use.Address) + 1;
            }

            var shares = counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => (double)c.Value / known, StringComparer.Ordinal);
            buckets.Add(new ShareBucket(start, shares));
        }

        return buckets;
    }
}
