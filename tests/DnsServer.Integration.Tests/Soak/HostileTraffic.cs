using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsServer.Integration.Tests.BadInput;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Soak;

/// <summary>What one hostile loop sent, by kind.</summary>
internal sealed record HostileCounts(IReadOnlyDictionary<string, int> ByKind)
{
    public int Total => ByKind.Values.Sum();

    public override string ToString() => string.Join(", ", ByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
}

/// <summary>
/// Bounded, paced bad traffic for the soak: malformed datagrams, and TCP clients that break off
/// mid-message or hang up at once. Seeded, so a failing run can be repeated.
/// </summary>
internal static class HostileTraffic
{
    private static readonly byte[] Valid = WireQuery.Build(0x50AC, "www.example.test.");

    /// <summary>
    /// Sends <paramref name="count"/> malformed datagrams spread evenly over <paramref name="duration"/>:
    /// random bytes, cut-off queries, responses (QR=1), compression pointer loops, and the
    /// bad-input table of docs/conformance.md. Answers are read and dropped.
    /// </summary>
    public static async Task<HostileCounts> MalformedUdpAsync(IPEndPoint server, int count, TimeSpan duration, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var table = MalformedPackets.All.Values.ToArray();
        var counts = new Dictionary<string, int>();
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var draining = DrainAsync(socket, drain.Token);
        await PaceAsync(count, duration, async i =>
        {
            var (kind, packet) = (i % 5) switch
            {
                0 => ("random bytes", RandomBytes(random, random.Next(0, 600))),
                1 => ("truncated query", Valid[..random.Next(0, Valid.Length)]),
                2 => ("QR=1", WithFlags(Valid, 0x8000 | random.Next(0, 0x7FFF))),
                3 => ("pointer loop", PointerLoop(random)),
                _ => ("bad-input table", table[random.Next(table.Length)]),
            };
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            try
            {
                await socket.SendAsync(packet, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                // ICMP from an earlier datagram surfaces on the next send; the next one goes out.
            }
        }, cancellationToken);
        await drain.CancelAsync();
        await draining;
        return new HostileCounts(counts);
    }

    /// <summary>
    /// Opens <paramref name="count"/> TCP connections spread over <paramref name="duration"/>, each
    /// misbehaving one way: half a message then a reset (SO_LINGER 0), half a message then a
    /// normal close, a length prefix alone then a reset, or a connect and close with nothing sent.
    /// </summary>
    public static async Task<HostileCounts> TcpAbortsAsync(IPEndPoint server, int count, TimeSpan duration, CancellationToken cancellationToken)
    {
        var framed = DnsExchange.Frame(Valid);
        var counts = new Dictionary<string, int>();
        await PaceAsync(count, duration, async i =>
        {
            var (kind, sent, reset) = (i % 4) switch
            {
                0 => ("half message, reset", framed[..(framed.Length / 2)], true),
                1 => ("half message, close", framed[..(framed.Length / 2)], false),
                2 => ("length prefix only, reset", framed[..2], true),
                _ => ("connect and close", Array.Empty<byte>(), false),
            };
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server, cancellationToken);
                if (sent.Length > 0)
                {
                    await socket.SendAsync(sent, SocketFlags.None, cancellationToken);
                }

                if (reset)
                {
                    socket.LingerState = new LingerOption(enable: true, seconds: 0);
                }
            }
            catch (SocketException)
            {
                counts["connect failed"] = counts.GetValueOrDefault("connect failed") + 1;
            }
        }, cancellationToken);
        return new HostileCounts(counts);
    }

    /// <summary>Runs <paramref name="send"/> for 0..count-1, the i-th no earlier than i·duration/count.</summary>
    private static async Task PaceAsync(int count, TimeSpan duration, Func<int, Task> send, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = duration / count;
        for (int i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed + TimeSpan.FromMilliseconds(5))
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            await send(i);
        }
    }

    private static async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65535];
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] WithFlags(byte[] query, int flags)
    {
        var copy = query.ToArray();
        copy[2] = (byte)(flags >> 8);
        copy[3] = (byte)flags;
        return copy;
    }

    /// <summary>A question whose name is a chain of compression pointers that ends where it began.</summary>
    private static byte[] PointerLoop(Random random)
    {
        var packet = new List<byte>();
        WireQuery.AppendHeader(packet, (ushort)random.Next(0, 0x10000), 0, questions: 1);
        int hops = random.Next(1, 8);
        for (int hop = 0; hop < hops; hop++)
        {
            // Each label points at the next, the last back at the first (offset 12).
            int next = hop + 1 < hops ? 12 + ((hop + 1) * 4) : 12;
            packet.AddRange([1, (byte)'a', (byte)(0xC0 | (next >> 8)), (byte)next]);
        }

        packet.AddRange([0, 1, 0, 1]);
        return [.. packet];
    }
}
