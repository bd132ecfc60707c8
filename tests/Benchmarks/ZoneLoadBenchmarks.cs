using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DnsServer.Protocol;
using DnsServer.Protocol.ZoneFiles;

namespace Benchmarks;

/// <summary>
/// Loading a 1,000,000-record zone file (A, AAAA, MX and TXT mixed, about 37 MB): streaming the
/// records, and reading them into a list and running the zone checks. Few iterations, because
/// one takes seconds. Peak memory is printed after the run (working set of the benchmark process).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ZoneLoadBenchmarks
{
    public const int RecordCount = 1_000_000;

    private static readonly DnsName Origin = DnsName.Parse("example.com.");

    private string _path = "";

    [GlobalSetup]
    public void WriteZone()
    {
        _path = Path.Combine(Path.GetTempPath(), "zone-load-benchmark-1m.zone");
        WriteMillionRecordZone(_path);
    }

    [GlobalCleanup]
    public void Report()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        File.Delete(_path);
    }

    [Benchmark(Description = "stream 1M records from a zone file")]
    public int Stream()
    {
        int count = 0;
        foreach (var _ in new ZoneFileReader(new ZoneReaderOptions { Origin = Origin }).ReadFile(_path))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "read 1M records and run the zone checks")]
    public int ReadAndCheck()
    {
        var records = new ZoneFileReader(new ZoneReaderOptions { Origin = Origin }).ReadFile(_path).ToList();
        return ZoneChecker.Check(records, Origin).Summary.Records;
    }

    /// <summary>Writes the test zone: the apex, then four record shapes in turn.</summary>
    public static void WriteMillionRecordZone(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("$ORIGIN example.com.\n$TTL 3600\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.1");
        for (int i = 0; i < RecordCount - 3; i++)
        {
            writer.WriteLine((i % 4) switch
            {
                0 => $"h{i} A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
                1 => $"h{i} 300 IN AAAA 2001:db8::{i >> 16:x}:{i & 0xffff:x}",
                2 => $"h{i} MX 10 mail{i}.example.net.",
                _ => $"h{i} TXT \"v=spf1 include:_spf.example.net ~all {i}\"",
            });
        }
    }
}
