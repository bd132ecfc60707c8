using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;

namespace DnsServer.Authoritative.Tests.Zones;

public sealed class NodeTableTests
{
    private static ZoneNode Entry(string name) => new(DnsName.Parse(name), []);

    private static NodeTable Table(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => Entry($"host{i}.bench.test."))]);

    [Fact]
    public void Find_EveryStoredName_ReturnsItsNode()
    {
        var table = Table(10_000);

        for (int i = 0; i < 10_000; i++)
        {
            var name = DnsName.Parse($"host{i}.bench.test.");
            Assert.Equal(name, table.Find(name.ToLowerWire())?.Name);
        }
    }

    [Theory]
    [InlineData("host10000.bench.test.")]
    [InlineData("bench.test.")]
    [InlineData("host1.bench.test.x.")]
    [InlineData("1.bench.test.")]
    [InlineData(".")]
    public void Find_NameNotStored_ReturnsNull(string name)
    {
        var table = Table(10_000);

        Assert.Null(table.Find(DnsName.Parse(name).ToLowerWire()));
    }

    [Fact]
    public void Find_NameThatStartsAStoredName_ReturnsNull()
    {
        var table = new NodeTable([Entry("a.b."), Entry("c.")]);

        Assert.Null(table.Find(DnsName.Parse("a.").ToLowerWire()));
        Assert.NotNull(table.Find(DnsName.Parse("a.b.").ToLowerWire()));
    }

    [Fact]
    public void Find_NamesLongerThanANodeHoldsInside_Found()
    {
        var names = new[] { "a.", "ab.cd.", new string('x', 30) + ".", new string('y', 31) + ".", new string('z', 63) + "." + new string('w', 63) + "." };
        var table = new NodeTable([.. names.Select(Entry)]);

        foreach (var name in names)
        {
            var upper = DnsName.Parse(name.ToUpperInvariant());
            Assert.Equal(DnsName.Parse(name), table.Find(upper.ToLowerWire())?.Name);
        }

        Assert.Null(table.Find(DnsName.Parse(new string('z', 63) + ".").ToLowerWire()));
    }

    [Fact]
    public void Nodes_ListsEachNodeOnce()
    {
        var table = Table(1_000);

        Assert.Equal(1_000, table.Count);
        Assert.Equal(1_000, table.Nodes.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void Hash_NamesOfEveryLength_SpreadOverSlots()
    {
        // Names that differ in one byte, at every position of an 8-byte word, must not collide.
        var hashes = Enumerable.Range(1, 40)
            .SelectMany(length => Enumerable.Range(0, 26).Select(c => new string((char)('a' + c), length)))
            .Select(label => NodeTable.Hash(DnsName.Parse(label + ".").ToLowerWire()))
            .ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }
}
