using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

public sealed class ZoneFileReaderTests
{
    [Theory]
    [InlineData("$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5", "example.com. 300 IN SOA ns.example.com. hostmaster.example.com. 1 2 3 4 5")]
    [InlineData("www 60 IN A 192.0.2.1", "www.example.com. 60 IN A 192.0.2.1")]
    [InlineData("www IN 60 A 192.0.2.1", "www.example.com. 60 IN A 192.0.2.1")]
    [InlineData("www 1h30m A 192.0.2.1", "www.example.com. 5400 IN A 192.0.2.1")]
    [InlineData("www.other.org. 60 A 192.0.2.1", "www.other.org. 60 IN A 192.0.2.1")]
    [InlineData("$ORIGIN sub\nwww 60 A 192.0.2.1", "www.sub.example.com. 60 IN A 192.0.2.1")]
    [InlineData("$ORIGIN other.org.\n@ 60 A 192.0.2.1", "other.org. 60 IN A 192.0.2.1")]
    [InlineData("a\\.b 60 A 192.0.2.1", "a\\.b.example.com. 60 IN A 192.0.2.1")]
    [InlineData("w 60 CLASS1 A 192.0.2.1", "w.example.com. 60 IN A 192.0.2.1")]
    [InlineData("w 60 TYPE1 192.0.2.1", "w.example.com. 60 IN A 192.0.2.1")]
    [InlineData("w 60 A \\# 4 c0000201", "w.example.com. 60 IN A 192.0.2.1")]
    [InlineData("w 60 TYPE65534 \\# 3 010203", "w.example.com. 60 IN TYPE65534 \\# 3 010203")]
    [InlineData("w 60 MX 10 mail", "w.example.com. 60 IN MX 10 mail.example.com.")]
    [InlineData("w 60 TXT \"a \\\"quoted\\\" b\" ; comment", "w.example.com. 60 IN TXT \"a \\\"quoted\\\" b\"")]
    [InlineData("w 60 TXT \"semi;colon\" \"two\"", "w.example.com. 60 IN TXT \"semi;colon\" \"two\"")]
    [InlineData("; only a comment\n\n   \nw 60 A 192.0.2.1", "w.example.com. 60 IN A 192.0.2.1")]
    [InlineData("@ 60 SOA ns hostmaster (\n 1 ; serial\n 2 3\n 4 5 )", "example.com. 60 IN SOA ns.example.com. hostmaster.example.com. 1 2 3 4 5")]
    [InlineData("@ 60 SOA ns hostmaster ( 1 2 3 4 5 )", "example.com. 60 IN SOA ns.example.com. hostmaster.example.com. 1 2 3 4 5")]
    [InlineData("$ttl 2m\nw a 192.0.2.1", "w.example.com. 120 IN A 192.0.2.1")]
    [InlineData("w\t60\tin\ta\t192.0.2.1", "w.example.com. 60 IN A 192.0.2.1")]
    [InlineData("w 60 A 192.0.2.1\r\n", "w.example.com. 60 IN A 192.0.2.1")]
    public void Read_SingleRecord_ParsesAsWritten(string text, string expected)
    {
        var records = ZoneFileText.Read(text);
        Assert.Equal(expected, ZoneFileText.Lines(records).Last());
    }

    [Fact]
    public void Read_OmittedOwnerTtlAndClass_TakeThePreviousValues()
    {
        var records = ZoneFileText.Read("""
            @ 300 IN SOA ns hostmaster 1 2 3 4 5
              NS ns
            ns A 192.0.2.1
               600 AAAA 2001:db8::1
               A 192.0.2.2
            """);
        Assert.Equal(
            [
                "example.com. 300 IN SOA ns.example.com. hostmaster.example.com. 1 2 3 4 5",
                "example.com. 300 IN NS ns.example.com.",
                "ns.example.com. 300 IN A 192.0.2.1",
                "ns.example.com. 600 IN AAAA 2001:db8::1",
                "ns.example.com. 600 IN A 192.0.2.2",
            ],
            ZoneFileText.Lines(records));
        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void Read_TtlDirective_WinsOverThePreviousRecordsTtl()
    {
        var records = ZoneFileText.Read("$TTL 100\na 5 A 192.0.2.1\nb A 192.0.2.2");
        Assert.Equal([5u, 100u], records.Select(r => r.Record.Ttl));
    }

    [Fact]
    public void Read_NoTtlAnywhere_SoaTakesItsMinimumWithAWarning()
    {
        var (records, errors, warnings) = ZoneFileText.ReadAll("@ SOA ns hostmaster 1 2 3 4 1h\nwww A 192.0.2.1");
        Assert.Empty(errors);
        Assert.Equal([3600u, 3600u], records.Select(r => r.Record.Ttl));
        Assert.Contains(warnings, w => w.Line == 1 && w.Message.Contains("SOA minimum", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NoTtlAndNoSoa_ReportsTheLine()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFileText.Read("\nwww A 192.0.2.1"));
        Assert.Equal("test.zone", error.File);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("test.zone:2: no TTL given", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("w 60 MX x mail", 1, "MX")]
    [InlineData("$TTL 60\n\nw A 192.0.2.300", 3, "IPv4")]
    [InlineData("$TTL 60\nw (\n A\n 192.0.2.1 ) junk", 2, "")]
    [InlineData("$TTL 60\nw BOGUS 1", 2, "'BOGUS' is not a record type")]
    [InlineData("$TTL 99999999999\n", 1, "above 2147483647")]
    [InlineData("$TTL 1x\n", 1, "TTL")]
    [InlineData("$TTL\n", 1, "$TTL takes 1 argument")]
    [InlineData("$ORIGIN a b\n", 1, "$ORIGIN takes 1 argument")]
    [InlineData("$FOO bar\n", 1, "unknown directive '$FOO'")]
    [InlineData("$TTL 60\n  A 192.0.2.1", 2, "no owner name came before")]
    [InlineData("$TTL 60\nw\n", 2, "has no type")]
    [InlineData("$TTL 60\nw ( A\n192.0.2.1\n", 2, "'(' opened on line 2 is never closed")]
    [InlineData("$TTL 60\nw A 192.0.2.1 )\n", 2, "')' without '('")]
    [InlineData("$TTL 60\nw TXT \"open\n", 2, "missing closing")]
    [InlineData("$TTL 60\nw 60 CH A 192.0.2.1\n", 2, "class CH does not match")]
    [InlineData("$TTL 60\nw IN AXFR\n", 2, "meta")]
    [InlineData("$TTL 60\nw.. A 192.0.2.1\n", 2, "empty label")]
    [InlineData("$TTL 60\n\"w\" A 192.0.2.1\n", 2, "cannot be quoted")]
    [InlineData("$TTL 60\nw TYPE65534 \\# 3 0102\n", 2, "")]
    [InlineData("$TTL 60\n$GENERATE 5-1 h$ A 192.0.2.$\n", 2, "range")]
    [InlineData("$TTL 60\n$GENERATE 1-300 h$ A 192.0.2.$\n", 2, "$GENERATE at 256")]
    [InlineData("$TTL 60\n$INCLUDE /nonexistent/zone.inc\n", 2, "cannot open")]
    public void Read_Error_NamesTheFileAndLine(string text, int line, string message)
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFileText.Read(text));
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"test.zone:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ContinueOnError_CollectsEveryErrorAndKeepsGoodRecords()
    {
        var (records, errors, _) = ZoneFileText.ReadAll("""
            $TTL 60
            a A 192.0.2.1
            b MX pref mail
            c A 192.0.2.3
            d BOGUS x
            e ( A
               192.0.2.999 )
            f A 192.0.2.6
            """);
        Assert.Equal(["a", "c", "f"], records.Select(r => r.Record.Name.GetLabel(0).ToArray()).Select(b => System.Text.Encoding.ASCII.GetString(b)));
        Assert.Equal([3, 5, 6], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal("test.zone", e.File));
    }

    [Fact]
    public void Read_InfiniteInput_StreamsRecordsWithoutReadingAhead()
    {
        var records = ZoneFileText.Read(new EndlessZone()).Take(5).ToList();
        Assert.Equal(5, records.Count);
        Assert.Equal("h4.example.com.", records[4].Record.Name.ToString());
    }

    /// <summary>A reader that never ends: proves the reader streams.</summary>
    private sealed class EndlessZone : TextReader
    {
        private int _next;

        public override string? ReadLine() => _next++ == 0 ? "$TTL 60" : $"h{_next - 2} A 192.0.2.1";
    }
}
