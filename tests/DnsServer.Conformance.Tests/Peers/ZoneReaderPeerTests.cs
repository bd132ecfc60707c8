using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;
using DnsServer.Tests.Shared;
using Xunit.Abstractions;

namespace DnsServer.Conformance.Tests.Peers;

/// <summary>
/// Differential tests of the zone reader: the same files go to named-checkzone and Knot (which
/// must accept them) and to named-compilezone or ldns-read-zone, whose canonical output, read
/// back with our reader, must hold exactly the records our reader read from the source.
/// </summary>
public sealed class ZoneReaderPeerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DnsName Origin = DnsName.Parse("example.com.");

    private readonly string _directory = Directory.CreateTempSubdirectory("zone-peer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Features every peer reads: TTL units, escapes, long TXT, generic records, parentheses.</summary>
    private static readonly string[] CommonLines =
    [
        "$ORIGIN example.com.",
        "$TTL 1h30m",
        "@ IN SOA ns hostmaster ( 2024010101 ; serial",
        "        2h 15M 1W2d 300 )",
        "  NS ns",
        "  NS ns.other.net.",
        "ns 1d A 192.0.2.1",
        @"a\.b TXT ""dot in label""",
        @"\040sp\\ace  TXT ""a \""quoted\"" \\ back"" ""\255\010""",
        "long TXT ( \"" + new string('A', 255) + "\"",
        "   \"" + new string('B', 60) + "\" )",
        @"gen TYPE65534 \# 3 010203",
        @"gen2 TYPE1 \# 4 C0000202",
        "m 300 IN MX 10 mail",
        "mail 2H IN AAAA 2001:db8::1",
        "srv._tcp SRV 0 5 5060 sip.other.net.",
        "cname CNAME www.sub",
    ];

    [Fact]
    public void BindFeatures_CompiledByBind_MatchOurRecords()
    {
        string[] lines =
        [
            .. CommonLines,
            "$GENERATE 1-5 host${0,2,d} IN 60 A 198.51.100.$",
            "$GENERATE 10-12/2 ${0,0,x}.rev PTR h$.example.com.",
            "$GENERATE 26-27 ${0,3,n}.ip6 PTR h${0,0,X}",
            "$GENERATE 1-2 mx$ MX \"1$ mail$\"",
            @"gen3 CLASS1 A \# 4 C0000203",
            "$INCLUDE inc.zone sub",
            "after IN 5m A 192.0.2.9",
        ];
        Write("inc.zone", "www A 192.0.2.3\n    TXT \"in sub\"\n");
        var ours = ReadOurs(Write("main.zone", lines));
        if (PeerProgram.Require("named-checkzone", output) is not { } checkzone
            || PeerProgram.Require("named-compilezone", output) is not { } compilezone)
        {
            return;
        }

        var check = PeerProgram.Run(checkzone, ["example.com", "main.zone"], _directory);
        Assert.True(check.ExitCode == 0, check.ToString());
        var compiled = PeerProgram.Run(compilezone, ["-q", "-i", "none", "-s", "full", "-o", "-", "example.com", "main.zone"], _directory);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());
        AssertSameRecords(ours, compiled.StandardOutput, "named-compilezone");
    }

    [Fact]
    public void CommonFeatures_CheckedByKnot_AreAccepted()
    {
        Write("inc.zone", "www A 192.0.2.3\n");
        string main = Write("main.zone", [.. CommonLines, "$INCLUDE inc.zone sub.example.com."]);
        ReadOurs(main);
        if (PeerProgram.Require("knotc", output) is not { } knotc)
        {
            return;
        }

        string config = Write("knot.conf", [
            "server:",
            $"    rundir: {_directory}",
            "database:",
            $"    storage: {_directory}/db",
            "zone:",
            "  - domain: example.com",
            $"    file: {main}",
            "    semantic-checks: on",
        ]);
        var check = PeerProgram.Run(knotc, ["-c", config, "zone-check", "example.com"], _directory);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void CommonFeatures_ReadByLdns_MatchOurRecords()
    {
        var ours = ReadOurs(Write("main.zone", CommonLines));
        if (PeerProgram.Require("ldns-read-zone", output) is not { } ldns)
        {
            return;
        }

        var read = PeerProgram.Run(ldns, ["main.zone"], _directory);
        Assert.True(read.ExitCode == 0, read.ToString());
        AssertSameRecords(ours, read.StandardOutput, "ldns-read-zone");
    }

    private List<ResourceRecord> ReadOurs(string path)
    {
        var records = new ZoneFileReader(new ZoneReaderOptions { Origin = Origin }).ReadFile(path).ToList();
        var result = ZoneChecker.Check(records, Origin);
        Assert.False(result.HasErrors, string.Join("\n", result.Findings));
        return records.Select(r => r.Record).ToList();
    }

    private void AssertSameRecords(List<ResourceRecord> ours, string peerText, string peer)
    {
        var theirs = new ZoneFileReader(new ZoneReaderOptions { Origin = Origin, FileName = peer })
            .Read(new StringReader(peerText)).Select(r => r.Record).ToList();
        var expected = ours.Select(Key).Order(StringComparer.Ordinal).ToList();
        var actual = theirs.Select(Key).Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{peer}: {actual.Count} records, ours: {expected.Count}");
        Assert.Equal(expected, actual);
    }

    /// <summary>(owner, TTL, class, type, canonical RDATA): names compared without case (RFC 4343).</summary>
    private static string Key(ResourceRecord record) =>
        $"{record.Name.ToLowerInvariant()} {record.Ttl} {RecordClassText.ToText(record.Class)} {RecordTypeText.ToText(record.Type)} {record.Data}";

    private string Write(string name, params IEnumerable<string> lines) => Write(name, string.Join('\n', lines) + "\n");

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
