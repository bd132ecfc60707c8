using System.Diagnostics;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Protocol;

namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>Asks a server for a pooled name over UDP and tallies the addresses answered.</summary>
internal static class PoolProbe
{
    private static int s_nextId;

    /// <summary>One query: the rcode and the A/AAAA addresses of the answer, in order.</summary>
    public static async Task<(ResponseCode Rcode, IReadOnlyList<string> Addresses, uint Ttl)> AskAsync(IPEndPoint server, string name, ushort type = WireQuery.TypeA)
    {
        ushort id = (ushort)Interlocked.Increment(ref s_nextId);
        var reply = await DnsExchange.UdpAsync(server, WireQuery.Build(id, name, type, ednsPayload: 1232))
            ?? throw new TimeoutException($"no answer from {server} for {name}");
        var message = DnsMessage.Parse(reply);
        var addresses = message.Answers
            .Where(r => r.Type is RecordType.A or RecordType.AAAA)
            .Select(r => r.Data.ToString()!)
            .ToList();
        uint ttl = message.Answers.Count > 0 ? message.Answers[^1].Ttl : 0;
        return (message.ResponseCode, addresses, ttl);
    }

    /// <summary>How often each address came first in <paramref name="count"/> queries.</summary>
    public static async Task<Dictionary<string, int>> FirstPlacesAsync(IPEndPoint server, string name, int count)
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var (_, addresses, _) = await AskAsync(server, name);
            if (addresses.Count > 0)
            {
                tally[addresses[0]] = tally.GetValueOrDefault(addresses[0]) + 1;
            }
        }

        return tally;
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds for every answer of a batch of queries; returns
    /// the time it took, or null when <paramref name="limit"/> passed first.
    /// </summary>
    public static async Task<TimeSpan?> TimeUntilAsync(IPEndPoint server, string name, Func<IReadOnlyList<string>, bool> condition, TimeSpan limit, ushort type = WireQuery.TypeA)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            bool all = true;
            for (int i = 0; i < 8 && all; i++)
            {
                var (_, addresses, _) = await AskAsync(server, name, type);
                all = condition(addresses);
            }

            if (all)
            {
                return clock.Elapsed;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
