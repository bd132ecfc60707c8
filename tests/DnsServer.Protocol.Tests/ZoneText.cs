using DnsServer.Protocol.Records;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.Tests;

/// <summary>
/// Turns one line of zone-file text (<c>owner TTL CLASS TYPE rdata</c>) into a record, with a
/// deliberately small tokenizer: whitespace splits, double quotes group and are stripped,
/// backslash escapes are kept as written. The real zone reader lives elsewhere.
/// </summary>
internal static class ZoneText
{
    public static readonly DnsName Origin = DnsName.Parse("example.");

    public static List<ZoneToken> Tokenize(string text)
    {
        var tokens = new List<ZoneToken>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            bool quoted = text[i] == '"';
            int start = quoted ? ++i : i;
            while (i < text.Length && (quoted ? text[i] != '"' : !char.IsWhiteSpace(text[i])))
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            tokens.Add(new ZoneToken(text[start..Math.Min(i, text.Length)], quoted));
            i += quoted ? 1 : 0;
        }

        return tokens;
    }

    public static RData ParseRData(string type, string rdata)
    {
        Assert.True(RecordTypeText.TryParse(type, out var recordType), type);
        return RDataParser.Parse(recordType, Tokenize(rdata).ToArray(), Origin);
    }

    public static ResourceRecord ParseRecord(string line)
    {
        var tokens = Tokenize(line);
        var owner = DnsName.Parse(tokens[0].Text, Origin);
        uint ttl = uint.Parse(tokens[1].Text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(RecordClassText.TryParse(tokens[2].Text, out var recordClass));
        Assert.True(RecordTypeText.TryParse(tokens[3].Text, out var type));
        var data = RDataParser.Parse(type, tokens.Skip(4).ToArray(), Origin);
        return new ResourceRecord(owner, recordClass, ttl, data);
    }
}
