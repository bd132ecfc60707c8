using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

public sealed class ZoneFileDirectiveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("zonefile-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generate_AllForms_ExpandLikeBind()
    {
        var records = ZoneFileText.Read("""
            $TTL 60
            $GENERATE 1-3 host$ A 192.0.2.$
            $GENERATE 0-4/2 ${10,3,d}.r 300 IN PTR h$.example.net.
            $GENERATE 10-11 m$ IN 30 MX "${0,0,d} mail${0,0,x}"
            $GENERATE 26-26 ${0,3,n} CNAME x$
            """);
        Assert.Equal(
            [
                "host1.example.com. 60 IN A 192.0.2.1",
                "host2.example.com. 60 IN A 192.0.2.2",
                "host3.example.com. 60 IN A 192.0.2.3",
                "010.r.example.com. 300 IN PTR h0.example.net.",
                "012.r.example.com. 300 IN PTR h2.example.net.",
                "014.r.example.com. 300 IN PTR h4.example.net.",
                "m10.example.com. 30 IN MX 10 maila.example.com.",
                "m11.example.com. 30 IN MX 11 mailb.example.com.",
                "a.1.example.com. 60 IN CNAME x26.example.com.",
            ],
            ZoneFileText.Lines(records));
        Assert.All(records.Take(3), r => Assert.Equal(2, r.Line));
    }

    [Fact]
    public void Generate_EscapedDollar_IsLiteral()
    {
        var records = ZoneFileText.Read("$TTL 60\n$GENERATE 1-1 h$ TXT \"cost \\$5\"");
        Assert.Equal("h1.example.com. 60 IN TXT \"cost\" \"$5\"", ZoneFileText.Lines(records)[0]);
    }

    [Fact]
    public void Include_RelativePath_ResolvesAgainstTheIncludingFileWithItsOwnOrigin()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "parts"));
        Write("main.zone", "$TTL 60\n@ SOA ns hostmaster 1 2 3 4 5\n$INCLUDE parts/hosts.inc sub\nafter A 192.0.2.9\n");
        Write("parts/hosts.inc", "www A 192.0.2.1\n$INCLUDE more.inc\n  A 192.0.2.3\n");
        Write("parts/more.inc", "$ORIGIN deeper\nmx A 192.0.2.2\n");
        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = ZoneFileText.Origin });
        var records = reader.ReadFile(Path.Combine(_directory, "main.zone")).ToList();
        Assert.Equal(
            [
                "example.com. 60 IN SOA ns.example.com. hostmaster.example.com. 1 2 3 4 5",
                "www.sub.example.com. 60 IN A 192.0.2.1",
                "mx.deeper.sub.example.com. 60 IN A 192.0.2.2",
                "www.sub.example.com. 60 IN A 192.0.2.3",
                "after.example.com. 60 IN A 192.0.2.9",
            ],
            ZoneFileText.Lines(records));
        Assert.EndsWith("more.inc", records[2].File, StringComparison.Ordinal);
        Assert.Equal(2, records[2].Line);
    }

    [Fact]
    public void Include_ErrorInIncludedFile_NamesThatFileAndLine()
    {
        Write("main.zone", "$TTL 60\n$INCLUDE bad.inc\n");
        Write("bad.inc", "ok A 192.0.2.1\n\nbad MX x y\n");
        var error = Assert.Throws<ZoneFileException>(() => new ZoneFileReader().ReadFile(Path.Combine(_directory, "main.zone")).ToList());
        Assert.EndsWith("bad.inc", error.File, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Include_Loop_IsAnErrorAtTheIncludingLine()
    {
        Write("a.zone", "$TTL 60\nx A 192.0.2.1\n$INCLUDE b.zone\n");
        Write("b.zone", "y A 192.0.2.2\n$INCLUDE a.zone\n");
        var error = Assert.Throws<ZoneFileException>(() => new ZoneFileReader().ReadFile(Path.Combine(_directory, "a.zone")).ToList());
        Assert.EndsWith("b.zone", error.File, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Contains("loop", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_TooDeep_IsAnError()
    {
        Write("main.zone", "$TTL 60\n$INCLUDE d1.inc\n");
        for (int i = 1; i <= 4; i++)
        {
            Write($"d{i}.inc", $"$INCLUDE d{i + 1}.inc\n");
        }

        Write("d5.inc", "x A 192.0.2.1\n");
        var reader = new ZoneFileReader(new ZoneReaderOptions { MaxIncludeDepth = 3, ContinueOnError = true });
        Assert.Empty(reader.ReadFile(Path.Combine(_directory, "main.zone")));
        var error = Assert.Single(reader.Errors);
        Assert.EndsWith("d3.inc", error.File, StringComparison.Ordinal);
        Assert.Contains("nested more than 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_NotAllowed_IsAnError()
    {
        var error = Assert.Throws<ZoneFileException>(() => ZoneFileText.Read(
            "$INCLUDE /etc/passwd\n", new ZoneReaderOptions { AllowInclude = false, FileName = "api" }));
        Assert.Equal("api:1: $INCLUDE is not allowed for this zone", error.Message);
    }

    [Fact]
    public void ReadFile_MissingFile_IsAZoneFileException()
    {
        var error = Assert.Throws<ZoneFileException>(() => new ZoneFileReader().ReadFile(Path.Combine(_directory, "none.zone")).ToList());
        Assert.Equal(0, error.Line);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);
}
