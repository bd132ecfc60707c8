using DnsServer.Authoritative.Zones;
using DnsServer.Pipeline;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Tests.Zones;

public sealed class ZonePrefetcherTests
{
    private const string ZoneText = """
        $TTL 300
        @    IN SOA ns1 hostmaster 1 3600 600 86400 300
             IN NS  ns1
        ns1  IN A   192.0.2.53
        www  IN A   192.0.2.1
        """;

    private static ZonePrefetcher Prefetcher()
    {
        var holder = new ZoneCatalogHolder();
        holder.Replace(new ZoneCatalog([AuthoritativeHarness.Build("example.test.", ZoneText)]));
        return new ZonePrefetcher(holder);
    }

    private static QueryContext Context(byte[] request)
    {
        var context = new QueryContext();
        context.Reset(request, TransportKind.Udp, default);
        return context;
    }

    public static TheoryData<byte[]> Requests()
    {
        byte[] header = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        return new TheoryData<byte[]>
        {
            AuthoritativeHarness.Query("www.example.test.", RecordType.A),
            AuthoritativeHarness.Query("WWW.EXAMPLE.TEST.", RecordType.A),
            AuthoritativeHarness.Query("nothere.example.test.", RecordType.A),
            AuthoritativeHarness.Query("www.other.test.", RecordType.A),
            Array.Empty<byte>(),
            new byte[11],
            new byte[12],

            // QDCOUNT 1, then a pointer, a label running past the end, a label over 63 bytes.
            (byte[])[.. header, 0xC0, 12],
            (byte[])[.. header, 9, (byte)'a'],
            (byte[])[.. header, 64, .. new byte[70]],

            // No root label within 255 bytes.
            (byte[])[.. header, .. Enumerable.Repeat((byte[])[9, .. "abcdefghi"u8], 40).SelectMany(b => b)],
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Prefetch_AnyRequest_NeitherThrowsNorChangesIt(byte[] request)
    {
        var prefetcher = Prefetcher();
        var good = Context(AuthoritativeHarness.Query("www.example.test.", RecordType.A));
        QueryContext[] batch = [Context(request), good, Context(request)];
        var before = request.ToArray();

        for (int i = 0; i < batch.Length; i++)
        {
            prefetcher.Prefetch(batch, i);
        }

        Assert.All([batch[0], batch[2]], context => Assert.Equal(before, context.Request.ToArray()));
    }

    [Fact]
    public void Prefetch_FullBatchAfterWarmUp_AllocatesNothing()
    {
        var prefetcher = Prefetcher();
        var batch = Enumerable.Range(0, 80)
            .Select(i => Context(AuthoritativeHarness.Query(i % 2 == 0 ? "www.example.test." : $"n{i}.example.test.", RecordType.A)))
            .ToArray();
        PrefetchAll(prefetcher, batch);

        // The JIT's tier-up bookkeeping can allocate on the calling thread while the code is being
        // replaced; an allocation of the prefetcher itself would show in every round.
        var rounds = new List<long>();
        for (int round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                PrefetchAll(prefetcher, batch);
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            Thread.Sleep(50);
        }

        Assert.True(rounds[^1] == 0, $"bytes allocated per round: {string.Join(", ", rounds)}");
    }

    [Fact]
    public void Prefetch_NoZones_DoesNothing()
    {
        var prefetcher = new ZonePrefetcher(new ZoneCatalogHolder());

        prefetcher.Prefetch([Context(AuthoritativeHarness.Query("www.example.test.", RecordType.A))], 0);
    }

    /// <summary>As the UDP loop calls it: once before each query of the batch is answered.</summary>
    private static void PrefetchAll(ZonePrefetcher prefetcher, QueryContext[] batch)
    {
        for (int i = 0; i < batch.Length; i++)
        {
            prefetcher.Prefetch(batch, i);
        }
    }
}
