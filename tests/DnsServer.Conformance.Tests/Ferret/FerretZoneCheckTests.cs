using System.Collections.Concurrent;
using DnsServer.Protocol;
using DnsServer.Protocol.ZoneFiles;
using Xunit.Abstractions;

namespace DnsServer.Conformance.Tests.Ferret;

/// <summary>
/// The zone reader and checker against Ferret's 12,673 valid and 900 invalid zones
/// (see Ferret/README.md): valid zones load without errors; invalid zones that both
/// named-checkzone and kzonecheck rejected are rejected here for the same condition.
/// </summary>
public sealed class FerretZoneCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void ValidCorpus_EveryZone_LoadsAndChecksWithoutErrors()
    {
        var failures = new ConcurrentBag<string>();
        int zones = 0;
        int records = 0;
        int warnings = 0;
        Parallel.ForEach(FerretCorpus.Read("valid.jsonl.gz"), zone =>
        {
            var (result, errors) = Load(zone);
            Interlocked.Increment(ref zones);
            Interlocked.Add(ref records, result.Summary.Records);
            Interlocked.Add(ref warnings, result.Findings.Count(f => f.Severity == ZoneCheckSeverity.Warning));
            var problems = errors.Select(e => e.ToString())
                .Concat(result.Findings.Where(f => f.Severity == ZoneCheckSeverity.Error).Select(f => f.ToString()))
                .ToList();
            if (problems.Count > 0)
            {
                failures.Add($"zone {zone.Id}: {string.Join("; ", problems)}\n{zone.Zone}");
            }
        });

        output.WriteLine($"valid corpus: {zones} zones, {records} records, {warnings} warnings, {failures.Count} zones with errors");
        Assert.Equal(12_673, zones);
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void InvalidCorpus_ZonesBindAndKnotReject_AreRejectedForTheSameCondition()
    {
        var tally = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var misses = new List<string>();
        int zones = 0;
        foreach (var zone in FerretCorpus.Read("invalid.jsonl.gz"))
        {
            zones++;
            var (result, errors) = Load(zone);
            string condition = zone.Condition ?? "none";
            var codes = result.Findings.Where(f => f.Severity == ZoneCheckSeverity.Error).Select(f => FerretConditions.Of(f.Code)).ToHashSet();
            bool rejected = errors.Count > 0 || codes.Count > 0;
            bool matched = codes.Contains(condition);
            bool bothPeersRejected = zone.Bind?.Rejected == true && zone.Knot?.Rejected == true;
            var row = tally.TryGetValue(condition, out var existing) ? existing : tally[condition] = new int[6];
            row[0]++;
            row[1] += bothPeersRejected ? 1 : 0;
            row[2] += bothPeersRejected && matched ? 1 : 0;
            row[3] += zone.Knot?.Rejected == true ? 1 : 0;
            row[4] += zone.Knot?.Rejected == true && matched ? 1 : 0;
            row[5] += rejected ? 1 : 0;
            if (bothPeersRejected && !matched)
            {
                misses.Add($"zone {zone.Id} ({condition}): ours [{string.Join("; ", result.Findings)}] bind [{zone.Bind?.Output}] knot [{zone.Knot?.Output}]\n{zone.Zone}");
            }
        }

        output.WriteLine("condition: zones, both BIND and Knot rejected, of those we match, Knot rejected, of those we match, we reject");
        foreach (var (condition, row) in tally)
        {
            output.WriteLine($"{condition}: {string.Join(", ", row)}");
        }

        int both = tally.Values.Sum(r => r[1]);
        output.WriteLine($"invalid corpus: {zones} zones; {both} rejected by both peers, {both - misses.Count} of them rejected here with the same condition");
        Assert.Equal(900, zones);
        Assert.True(misses.Count == 0, string.Join("\n", misses.Take(10)));
    }

    /// <summary>Reads a corpus zone collecting errors; the origin is the SOA owner (else the first owner).</summary>
    private static (ZoneCheckResult Result, IReadOnlyList<ZoneFileError> Errors) Load(FerretZone zone)
    {
        var reader = new ZoneFileReader(new ZoneReaderOptions { FileName = $"{zone.Id}.txt", ContinueOnError = true });
        var records = reader.Read(new StringReader(zone.Zone)).ToList();
        var origin = records.FirstOrDefault(r => r.Record.Type == RecordType.SOA).Record?.Name
            ?? records.FirstOrDefault().Record?.Name
            ?? DnsName.Root;
        return (ZoneChecker.Check(records, origin), reader.Errors);
    }
}
