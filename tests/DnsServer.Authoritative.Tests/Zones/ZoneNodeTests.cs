using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.Authoritative.Tests.Zones;

public sealed class ZoneNodeTests
{
    private static readonly DnsName Owner = DnsName.Parse("www.example.test.");

    private static RRset Set(RecordType type) => new(Owner, type, RecordClass.IN, 300, [new UnknownRData(type, [1, 2, 3])]);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Find_EachTypeOfANodeWithManySets_ReturnsItsSet(int count)
    {
        var types = new[] { RecordType.A, RecordType.TXT, RecordType.MX, RecordType.AAAA, RecordType.SRV, RecordType.CAA, RecordType.HINFO }[..count];
        var sets = types.Select(Set).ToArray();
        var node = new ZoneNode(Owner, sets);

        for (int i = 0; i < count; i++)
        {
            Assert.Same(sets[i], node.Find(types[i]));
        }

        Assert.Null(node.Find(RecordType.NS));
    }

    [Fact]
    public void Find_EmptyNonTerminal_ReturnsNull()
    {
        var node = new ZoneNode(Owner, []);

        Assert.Null(node.Find(RecordType.A));
    }
}
