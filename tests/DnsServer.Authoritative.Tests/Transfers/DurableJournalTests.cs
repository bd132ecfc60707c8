using DnsServer.Authoritative.Transfers;
using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Tests.Transfers;

public sealed class DurableJournalTests
{
    private static readonly DnsName Origin = DnsName.Parse("lab.test.");

    private static Zone Version(uint serial) => AuthoritativeHarness.Build("lab.test.", $"""
        @ 300 IN SOA ns1 hostmaster {serial} 60 30 600 60
        @ NS ns1
        ns1 A 127.0.0.1
        v{serial} A 192.0.2.1
        """);

    [Fact]
    public void Journal_ManyVersions_MemoryAndStoreStayBounded()
    {
        var store = new ListStore();
        var journal = new MemoryZoneJournal(5, 1000, store, _ => true);
        for (uint serial = 1; serial < 50; serial++)
        {
            journal.Record(Version(serial), Version(serial + 1));
        }

        Assert.Equal(5, store.Steps.Count);
        Assert.True(journal.TryGetChanges(Origin, 45, 50, out var changes));
        Assert.Equal(5, changes.Count);
        Assert.False(journal.TryGetChanges(Origin, 44, 50, out _));
    }

    [Fact]
    public void Journal_RecordBound_OldestStepsDropped()
    {
        var store = new ListStore();
        var journal = new MemoryZoneJournal(100, 13, store, _ => true);
        for (uint serial = 1; serial < 10; serial++)
        {
            journal.Record(Version(serial), Version(serial + 1));
        }

        // Each step is 4 records (2 SOAs, one deleted, one added): 13 keeps three.
        Assert.Equal(3, store.Steps.Count);
        Assert.True(journal.TryGetChanges(Origin, 7, 10, out _));
    }

    [Fact]
    public void Journal_RestoredFromStore_ReachesBackAfterRestart()
    {
        var store = new ListStore();
        var before = new MemoryZoneJournal(20, 1000, store, _ => true);
        before.Record(Version(1), Version(2));
        before.Record(Version(2), Version(3));

        var after = new MemoryZoneJournal(20, 1000, store, _ => true);
        after.Restore(Origin);

        Assert.True(after.TryGetChanges(Origin, 1, 3, out var changes));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Journal_ZoneNotDurable_NotStored()
    {
        var store = new ListStore();
        var journal = new MemoryZoneJournal(20, 1000, store, _ => false);
        journal.Record(Version(1), Version(2));

        Assert.Empty(store.Steps);
        Assert.True(journal.TryGetChanges(Origin, 1, 2, out _));
    }

    private sealed class ListStore : IJournalStore
    {
        public List<ZoneDelta> Steps { get; } = [];

        public void Append(DnsName zone, ZoneDelta delta, int keep)
        {
            Steps.Add(delta);
            Steps.RemoveRange(0, Steps.Count - keep);
        }

        public IReadOnlyList<ZoneDelta> Load(DnsName zone) => [.. Steps];
    }
}
