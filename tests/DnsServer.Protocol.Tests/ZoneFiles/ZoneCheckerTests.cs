using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

public sealed class ZoneCheckerTests
{
    private const string Apex = """
        $TTL 300
        @ SOA ns hostmaster 2024010101 2 3 4 5
        @ NS ns
        ns A 192.0.2.53

        """;

    [Theory]
    [InlineData("www A 192.0.2.1\nwww CNAME other", ZoneCheckCode.CnameAndOtherData, ZoneCheckSeverity.Error, "www.example.com.", 6)]
    [InlineData("www CNAME a\nwww CNAME b", ZoneCheckCode.MultipleCname, ZoneCheckSeverity.Error, "www.example.com.", 6)]
    [InlineData("d DNAME a.\nd DNAME b.", ZoneCheckCode.MultipleDname, ZoneCheckSeverity.Error, "d.example.com.", 6)]
    [InlineData("d DNAME a.\nd NS ns.other.", ZoneCheckCode.DnameAndNs, ZoneCheckSeverity.Error, "d.example.com.", 6)]
    [InlineData("d DNAME a.\nx.d A 192.0.2.1", ZoneCheckCode.BelowDname, ZoneCheckSeverity.Error, "x.d.example.com.", 6)]
    [InlineData("www.other.org. A 192.0.2.1", ZoneCheckCode.OutOfZone, ZoneCheckSeverity.Warning, "www.other.org.", 5)]
    [InlineData("sub NS ns.other.\nx.sub NS ns.other.", ZoneCheckCode.NsBelowDelegation, ZoneCheckSeverity.Warning, "x.sub.example.com.", 6)]
    [InlineData("sub NS ns.sub", ZoneCheckCode.MissingGlue, ZoneCheckSeverity.Error, "sub.example.com.", 5)]
    [InlineData("sub NS nowhere", ZoneCheckCode.MissingGlue, ZoneCheckSeverity.Warning, "sub.example.com.", 5)]
    [InlineData("@ NS ns2", ZoneCheckCode.MissingGlue, ZoneCheckSeverity.Error, "example.com.", 3)]
    [InlineData("a A 192.0.2.1\na A 192.0.2.1", ZoneCheckCode.DuplicateRecord, ZoneCheckSeverity.Warning, "a.example.com.", 6)]
    [InlineData("a 60 A 192.0.2.1\na 90 A 192.0.2.2", ZoneCheckCode.TtlMismatch, ZoneCheckSeverity.Warning, "a.example.com.", 6)]
    [InlineData("@ SOA ns hostmaster 2 2 3 4 5", ZoneCheckCode.MultipleSoa, ZoneCheckSeverity.Error, "example.com.", 5)]
    [InlineData("x SOA ns hostmaster 2 2 3 4 5", ZoneCheckCode.SoaNotAtApex, ZoneCheckSeverity.Error, "x.example.com.", 5)]
    public void Check_BrokenZone_ReportsTheCodeSeverityOwnerAndLine(string extra, ZoneCheckCode code, ZoneCheckSeverity severity, string owner, int line)
    {
        var result = Check(Apex + extra);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((code, severity, owner, line), (finding.Code, finding.Severity, finding.Owner.ToString(), finding.Line));
        Assert.Equal(severity == ZoneCheckSeverity.Error, result.HasErrors);
    }

    [Theory]
    [InlineData("www CNAME a\nwww RRSIG A 8 3 300 20300101000000 20200101000000 1 example.com. AAAA\nwww NSEC a A")]
    [InlineData("d DNAME other.\nd A 192.0.2.1")]
    [InlineData("sub NS ns.sub\nns.sub A 192.0.2.1\nx.sub A 192.0.2.2")]
    [InlineData("sub NS ns.other.")]
    [InlineData("a A 192.0.2.1\na A 192.0.2.2\na AAAA 2001:db8::1")]
    [InlineData("www CNAME www.other.\n*.w CNAME x")]
    public void Check_ValidZone_HasNoFindings(string extra)
    {
        var result = Check(Apex + extra);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Check_GoodZone_SummarizesRecordsNamesAndSerial()
    {
        var result = Check(Apex + "www A 192.0.2.1\nwww AAAA 2001:db8::1");
        Assert.Equal(new ZoneSummary(ZoneFileText.Origin, 5, 3, 2024010101), result.Summary);
    }

    [Fact]
    public void Check_NoSoa_IsAnError()
    {
        var result = Check("$TTL 60\nwww A 192.0.2.1");
        var finding = Assert.Single(result.Findings);
        Assert.Equal(ZoneCheckCode.MissingSoa, finding.Code);
        Assert.Null(result.Summary.Serial);
    }

    [Fact]
    public void Check_ManyDuplicatesInALargeRRset_FindsEachOnce()
    {
        var result = Check(Apex + "$GENERATE 1-200 big A 10.0.$.1\nbig A 10.0.5.1\n");
        Assert.Single(result.Findings, f => f.Code == ZoneCheckCode.DuplicateRecord);
    }

    private static ZoneCheckResult Check(string text) =>
        ZoneChecker.Check(ZoneFileText.Read(text), ZoneFileText.Origin);
}
