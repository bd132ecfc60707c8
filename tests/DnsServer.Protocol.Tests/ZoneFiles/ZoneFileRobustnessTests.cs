using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

/// <summary>
/// Every prefix and many one-character corruptions of a small zone (the Kestrel parser-test
/// habit): the reader may reject them, but only with <see cref="ZoneFileException"/> (or
/// <see cref="DnsFormatException"/>), and in collecting mode it never throws at all.
/// </summary>
public sealed class ZoneFileRobustnessTests
{
    private const string Zone = """
        $ORIGIN example.com.
        $TTL 1h
        @ IN SOA ns hostmaster ( 1 2h 3 4w 5 ) ; comment
          NS ns
        ns 60 A 192.0.2.1
        a\.b IN 60 TXT "x\"y" "z;w" \# ok
        $GENERATE 1-3/1 h${1,2,x} CNAME t$
        g TYPE65534 \# 3 010203
        m MX 10 @
        """;

    private static readonly char[] Corruptions = ['(', ')', '"', '\\', ';', ' ', '\n', '$', '@', '.', '9', 'x', '{', '-', '\t', '\0', 'é'];

    [Fact]
    public void Read_IntactZone_ReadsEveryRecord() => Assert.Equal(9, ZoneFileText.Read(Zone).Count);

    [Fact]
    public void Read_EveryPrefix_ThrowsOnlyZoneFileException()
    {
        for (int length = 0; length <= Zone.Length; length++)
        {
            AssertOnlyZoneErrors(Zone[..length]);
        }
    }

    [Fact]
    public void Read_EveryOneCharacterCorruption_ThrowsOnlyZoneFileException()
    {
        for (int i = 0; i < Zone.Length; i++)
        {
            foreach (char c in Corruptions)
            {
                AssertOnlyZoneErrors(string.Concat(Zone.AsSpan(0, i), [c], Zone.AsSpan(i + 1)));
            }
        }
    }

    [Fact]
    public void Read_EveryDeletedCharacter_ThrowsOnlyZoneFileException()
    {
        for (int i = 0; i < Zone.Length; i++)
        {
            AssertOnlyZoneErrors(Zone.Remove(i, 1));
        }
    }

    private static void AssertOnlyZoneErrors(string text)
    {
        try
        {
            var records = ZoneFileText.Read(text);
            ZoneChecker.Check(records, ZoneFileText.Origin);
        }
        catch (ZoneFileException)
        {
        }
        catch (DnsFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message} for input:\n{text}");
        }

        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = ZoneFileText.Origin, ContinueOnError = true });
        var collected = reader.Read(new StringReader(text)).ToList();
        ZoneChecker.Check(collected, ZoneFileText.Origin);
        Assert.All(reader.Errors, e => Assert.True(e.Line >= 0 && e.Line <= text.Count(c => c == '\n') + 1, e.ToString()));
    }
}
