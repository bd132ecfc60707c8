namespace DnsServer.Protocol.Tests;

/// <summary>
/// Messages captured on loopback: queries written by dig 9.18 and kdig 3.2, answers from NSD 4.6,
/// Knot 3.2 and BIND 9.18 (see Fixtures/README.md). They must decode, and re-encode to the same
/// octets once compression pointers are expanded on both sides.
/// </summary>
public sealed class FixtureTests
{
    public static IEnumerable<(string Name, byte[] Bytes)> LoadAll()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        return Directory.GetFiles(directory, "*.hex").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), TestMessages.FromHex(File.ReadAllText(path))));
    }

    public static TheoryData<string> Names => [.. LoadAll().Select(f => f.Name)];

    [Fact]
    public void Fixtures_Present_FromAllPeers()
    {
        var names = LoadAll().Select(f => f.Name).ToList();
        Assert.Contains(names, n => n.StartsWith("nsd-", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("knot-", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("bind-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_CapturedMessage_ReencodesSameOctetsAfterDecompression(string name)
    {
        byte[] captured = LoadAll().Single(f => f.Name == name).Bytes;

        var message = DnsMessage.Parse(captured);
        byte[] ours = message.ToArray();

        Assert.Equal(Convert.ToHexString(Decompressor.Expand(captured)), Convert.ToHexString(Decompressor.Expand(ours)));
        Assert.Equal(message.ToString(), DnsMessage.Parse(ours).ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_CapturedQuery_OptReadWithoutModelMatchesModel(string name)
    {
        byte[] captured = LoadAll().Single(f => f.Name == name).Bytes;
        var message = DnsMessage.Parse(captured);
        if (message.Opt is null)
        {
            return;
        }

        var info = EdnsTests.ReadQueryOpt(captured);
        Assert.Equal(message.Opt.UdpPayloadSize, info.UdpPayloadSize);
        Assert.Equal(message.Opt.DnssecOk, info.DnssecOk);
        Assert.Equal(message.Opt.Options.Any(o => o.Code == Edns.EdnsOptionCode.Cookie), info.HasCookie);
        Assert.Equal(message.Opt.Options.Any(o => o.Code == Edns.EdnsOptionCode.ClientSubnet), info.HasClientSubnet);
    }
}
