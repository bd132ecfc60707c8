using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Integration.Tests.Soak;
using DnsServer.Tests.Shared;
using Xunit.Abstractions;

namespace DnsServer.Integration.Tests.Allocation;

/// <summary>
/// Bytes the server allocates per query on the real listeners: the whole path from the socket
/// to the socket, counted with <see cref="GC.GetTotalAllocatedBytes(bool)"/> while dnsperf (a
/// child process, so its allocations are not counted) sends a fixed number of queries.
/// </summary>
[Collection(SoakCollection.Name)]
public sealed class QueryAllocationTests(ITestOutputHelper output)
{
    /// <summary>Queries counted: 1,000 passes over the 20-line query file.</summary>
    private const int Queries = 20_000;

    /// <summary>Queries before any counting, so the JIT has seen the whole path and every pool is filled.</summary>
    private const int WarmUpQueries = 6_000;

    private const int QueriesPerSecond = 20_000;

    /// <summary>Most measured rounds per test; each takes about a second.</summary>
    private const int Rounds = 4;

    /// <summary>
    /// What the whole measured run may allocate over UDP. The listener allocates nothing per query;
    /// what the counter still sees is this test process's own: releasing dnsperf and waiting for
    /// its exit (the control run of 20 queries: about 1.5 kB) and the odd runner timer. 20,000
    /// queries came to about 3 kB when the test was written. 64 kB is 3 bytes a query, so one
    /// object per query (24 bytes or more: 480 kB) fails.
    /// </summary>
    private const long UdpBoundBytes = 64 * 1024;

    /// <summary>
    /// TCP, everything the measured run allocated divided by its queries, the connection's own
    /// set-up included. TCP is allowed some (per-connection state, the read and write machinery);
    /// it came to about 7 bytes a query when the test was written, nearly all of it the new
    /// connection (the control run, 20 queries on their own connection, allocates about 140 kB:
    /// the 131,072-byte array behind the read buffer rented per connection, when the pool has
    /// none to hand out).
    /// </summary>
    private const double TcpBoundBytesPerQuery = 200;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UdpQueries_AfterWarmUp_AllocateNothingPerQuery(bool udpBatching)
    {
        var dnsperf = PeerProgram.Require("dnsperf", output);
        if (dnsperf is null)
        {
            return;
        }

        await using var server = await InProcessServer.StartAsync(udpBatching);
        using var work = new TempDirectory("alloc-udp");
        var (measurement, rounds) = await MeasureAsync(dnsperf, server, work.Path, "udp", m => m.RunBytes < UdpBoundBytes);
        Report($"UDP, UdpBatching {udpBatching}", rounds);

        Assert.Equal(Queries, measurement.Run.Completed);
        Assert.True(measurement.RunBytes < UdpBoundBytes, $"UDP ({(udpBatching ? "batched" : "portable")}): {measurement}; bound {UdpBoundBytes} bytes for the whole run");
    }

    [Fact]
    public async Task TcpQueries_AfterWarmUp_AllocateLessThanBoundPerQuery()
    {
        var dnsperf = PeerProgram.Require("dnsperf", output);
        if (dnsperf is null)
        {
            return;
        }

        await using var server = await InProcessServer.StartAsync(udpBatching: true);
        using var work = new TempDirectory("alloc-tcp");
        var (measurement, rounds) = await MeasureAsync(dnsperf, server, work.Path, "tcp", m => m.BytesPerQuery < TcpBoundBytesPerQuery);
        Report("TCP, one connection", rounds);

        Assert.Equal(Queries, measurement.Run.Completed);
        Assert.True(measurement.BytesPerQuery < TcpBoundBytesPerQuery, $"TCP: {measurement}; bound {TcpBoundBytesPerQuery} bytes a query");
    }

    /// <summary>
    /// Warms up, then counts the bytes of a control run (one pass over the query file, 20 queries)
    /// and of the measured run (1,000 passes), each from the moment dnsperf is let go to its exit.
    /// The tiered JIT swaps in optimised code on its own schedule, in the background, and code not
    /// yet optimised may box where the optimised code does not; so a round above
    /// <paramref name="enough"/> is measured again, up to <see cref="Rounds"/> times, and the
    /// smallest is kept. An allocation of the optimised path shows in every round.
    /// </summary>
    private static async Task<(AllocationMeasurement Best, IReadOnlyList<AllocationMeasurement> All)> MeasureAsync(
        string dnsperf, InProcessServer server, string directory, string mode, Func<AllocationMeasurement, bool> enough)
    {
        var queryFile = SoakQueries.Write(directory);
        int lines = SoakQueries.Lines.Length;
        await RunAsync(dnsperf, Request(server, queryFile, mode, WarmUpQueries / lines), directory);
        var rounds = new List<AllocationMeasurement>();
        for (int round = 0; round < Rounds; round++)
        {
            var (control, controlBytes) = await RunAsync(dnsperf, Request(server, queryFile, mode, runs: 1), directory);
            var (run, runBytes) = await RunAsync(dnsperf, Request(server, queryFile, mode, Queries / lines), directory);
            rounds.Add(new AllocationMeasurement(run, controlBytes, runBytes, control.Completed));
            if (enough(rounds[^1]))
            {
                break;
            }
        }

        return (rounds.MinBy(r => r.RunBytes)!, rounds);
    }

    private void Report(string path, IReadOnlyList<AllocationMeasurement> rounds)
    {
        for (int i = 0; i < rounds.Count; i++)
        {
            output.WriteLine($"{path}, round {i + 1}: {rounds[i]}");
        }
    }

    private static DnsperfRequest Request(InProcessServer server, string queryFile, string mode, int runs) =>
        new(server.Endpoint, queryFile) { Mode = mode, MaxQueriesPerSecond = QueriesPerSecond, Runs = runs, Duration = TimeSpan.FromSeconds(30) };

    /// <summary>One dnsperf run and the bytes this process allocated while it ran.</summary>
    private static async Task<(DnsperfResult Result, long Bytes)> RunAsync(string dnsperf, DnsperfRequest request, string directory)
    {
        using var process = GatedDnsperf.Start(dnsperf, request, directory);

        // Let the start-up garbage of Process settle before counting.
        await Task.Delay(100);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        process.Release();
        bool exited = await process.WaitForExitAsync(TimeSpan.FromSeconds(40));
        long after = GC.GetTotalAllocatedBytes(precise: true);
        Assert.True(exited, "dnsperf still running after 40 s");
        return (process.Result(), after - before);
    }

    /// <summary>Bytes counted during the control run and the measured run.</summary>
    private sealed record AllocationMeasurement(DnsperfResult Run, long ControlBytes, long RunBytes, long ControlQueries)
    {
        public double BytesPerQuery => (double)RunBytes / Run.Completed;

        public override string ToString() =>
            $"{Run}; measured run {RunBytes} bytes ({BytesPerQuery:F2} a query); control run ({ControlQueries} queries) {ControlBytes} bytes";
    }
}
