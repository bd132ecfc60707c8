using DnsServer.Authoritative.Transfers;
using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Tests.Transfers;

public sealed class TransferFormatTests
{
    private const string Version1 = """
        @ 300 IN SOA ns1 hostmaster 1 60 30 600 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.1
        www A 192.0.2.2
        old TXT "gone soon"
        """;

    private const string Version2 = """
        @ 300 IN SOA ns1 hostmaster 2 60 30 600 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.1
        www A 192.0.2.3
        new TXT "arrived"
        """;

    private const string Version3 = """
        @ 300 IN SOA ns1 hostmaster 3 60 30 600 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.3
        new TXT "arrived"
        """;

    private static Zone Zone(string text) => AuthoritativeHarness.Build("lab.test.", text);

    private static string Text(IEnumerable<ResourceRecord> records) =>
        string.Join("\n", records.Select(r => $"{r.Name} {r.Type} {r.Data}"));

    [Fact]
    public void Axfr_AnyZone_SoaFirstAndLastEveryRecordOnceBetween()
    {
        var records = TransferStage.Axfr(Zone(Version1)).ToList();

        Assert.Equal(RecordType.SOA, records[0].Type);
        Assert.Equal(RecordType.SOA, records[^1].Type);
        Assert.Equal(7, records.Count);
        Assert.Single(records.Skip(1).SkipLast(1), r => r.Type == RecordType.NS);
        Assert.DoesNotContain(records.Skip(1).SkipLast(1), r => r.Type == RecordType.SOA);
    }

    [Fact]
    public void ZoneDiff_TwoVersions_DeletedAndAddedRecords()
    {
        var delta = ZoneDiff.Compute(Zone(Version1), Zone(Version2));

        Assert.Equal(1u, ((SoaRData)delta.OldSoa.Data).Serial);
        Assert.Equal(2u, ((SoaRData)delta.NewSoa.Data).Serial);
        Assert.Equal(["old.lab.test. TXT \"gone soon\"", "www.lab.test. A 192.0.2.2"], delta.Deleted.Select(r => $"{r.Name} {r.Type} {r.Data}").Order());
        Assert.Equal(["new.lab.test. TXT \"arrived\"", "www.lab.test. A 192.0.2.3"], delta.Added.Select(r => $"{r.Name} {r.Type} {r.Data}").Order());
    }

    [Fact]
    public void Incremental_TwoSteps_Rfc1995Sequence()
    {
        var journal = new MemoryZoneJournal(10, 1000);
        var (v1, v2, v3) = (Zone(Version1), Zone(Version2), Zone(Version3));
        journal.Record(v1, v2);
        journal.Record(v2, v3);

        Assert.True(journal.TryGetChanges(v3.Origin, 1, 3, out var changes));
        var serials = TransferStage.Incremental(ZoneDiff.SoaRecord(v3), changes)
            .Where(r => r.Data is SoaRData).Select(r => ((SoaRData)r.Data).Serial);

        // RFC 1995 §4: new SOA, then per step old SOA … new SOA …, and the new SOA again at the end.
        Assert.Equal([3u, 1u, 2u, 2u, 3u, 3u], serials);
    }

    [Fact]
    public void Journal_SerialNotReached_NoChanges()
    {
        var journal = new MemoryZoneJournal(10, 1000);
        journal.Record(Zone(Version1), Zone(Version2));

        Assert.False(journal.TryGetChanges(DnsName.Parse("lab.test."), 7, 2, out _));
    }

    [Fact]
    public void Journal_OverVersionBound_DropsOldestStep()
    {
        var journal = new MemoryZoneJournal(1, 1000);
        journal.Record(Zone(Version1), Zone(Version2));
        journal.Record(Zone(Version2), Zone(Version3));

        Assert.False(journal.TryGetChanges(DnsName.Parse("lab.test."), 1, 3, out _));
        Assert.True(journal.TryGetChanges(DnsName.Parse("lab.test."), 2, 3, out _));
    }

    [Fact]
    public void Assembler_IncrementalAnswer_AppliesToOldZone()
    {
        var journal = new MemoryZoneJournal(10, 1000);
        var (v1, v2, v3) = (Zone(Version1), Zone(Version2), Zone(Version3));
        journal.Record(v1, v2);
        journal.Record(v2, v3);
        journal.TryGetChanges(v3.Origin, 1, 3, out var changes);
        var assembler = new TransferAssembler(v3.Origin);

        assembler.Add([.. TransferStage.Incremental(ZoneDiff.SoaRecord(v3), changes)]);
        var built = assembler.ApplyTo(v1, "test");

        Assert.True(assembler.IsComplete);
        Assert.True(assembler.IsIncremental);
        Assert.Equal(Text(TransferStage.Axfr(v3).OrderBy(r => r.ToString())), Text(TransferStage.Axfr(built).OrderBy(r => r.ToString())));
    }

    [Fact]
    public void Assembler_FullAnswer_BuildsSameZone()
    {
        var zone = Zone(Version2);
        var assembler = new TransferAssembler(zone.Origin);

        assembler.Add([.. TransferStage.Axfr(zone)]);

        Assert.True(assembler.IsComplete);
        Assert.False(assembler.IsIncremental);
        Assert.Equal(zone.RecordCount, assembler.BuildFull("test").RecordCount);
    }

    [Fact]
    public void Assembler_CutBeforeClosingSoa_NotComplete()
    {
        var zone = Zone(Version2);
        var assembler = new TransferAssembler(zone.Origin);

        assembler.Add([.. TransferStage.Axfr(zone).SkipLast(1)]);

        Assert.False(assembler.IsComplete);
    }

    [Fact]
    public void Assembler_RecordOutsideZone_Rejected()
    {
        var zone = Zone(Version2);
        var assembler = new TransferAssembler(zone.Origin);
        var stray = new ResourceRecord(DnsName.Parse("other.test."), RecordClass.IN, 60, ZoneDiff.SoaRecord(zone).Data);

        Assert.Throws<InvalidDataException>(() => assembler.Add([ZoneDiff.SoaRecord(zone), stray]));
    }

    [Theory]
    [InlineData(2u, 1u, true)]
    [InlineData(1u, 2u, false)]
    [InlineData(1u, 1u, false)]
    [InlineData(0u, 0xFFFF_FFFFu, true)]
    [InlineData(0x7FFF_FFFFu, 0u, true)]
    [InlineData(0x8000_0000u, 0u, false)]
    public void SerialNumber_Rfc1982Pairs_IsNewer(uint a, uint b, bool newer)
    {
        Assert.Equal(newer, SerialNumber.IsNewer(a, b));
    }
}
