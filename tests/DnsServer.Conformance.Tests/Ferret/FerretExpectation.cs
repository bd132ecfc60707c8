using System.Text.Json;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Conformance.Tests.Ferret;

/// <summary>One valid Ferret test: a zone, and per query the responses the peers gave, grouped.</summary>
internal sealed record FerretAnswerTest(int Id, string Zone, IReadOnlyList<FerretQuery> Queries);

internal sealed record FerretQuery(DnsName Name, RecordType Type, string Tag, IReadOnlyList<FerretResponse> Groups);

/// <summary>
/// A response as dnspython printed it (<c>Message.to_text()</c>), with the servers that gave it.
/// Records are parsed with our zone reader: each line is master-file syntax with absolute names.
/// </summary>
internal sealed record FerretResponse(
    string Servers,
    ResponseCode Rcode,
    IReadOnlySet<string> Flags,
    IReadOnlyList<ResourceRecord> Answer,
    IReadOnlyList<ResourceRecord> Authority,
    IReadOnlyList<ResourceRecord> Additional,
    IReadOnlyList<string> Text)
{
    public bool HasServer(string name) => Servers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name);
}

internal static class FerretAnswers
{
    public static IEnumerable<FerretAnswerTest> Read() =>
        FerretCorpus.ReadLines("valid.jsonl.gz", root => new FerretAnswerTest(
            root.GetProperty("id").GetInt32(),
            root.GetProperty("zone").GetString()!,
            [.. root.GetProperty("expected").EnumerateArray().Select(ReadQuery)]));

    private static FerretQuery ReadQuery(JsonElement element)
    {
        var query = element.GetProperty("Query");
        Assert.True(RecordTypeText.TryParse(query.GetProperty("Type").GetString(), out var type));
        var groups = element.GetProperty("Expected Response").EnumerateArray()
            .Select(g => ReadResponse(g.GetProperty("Server/s").GetString()!, [.. g.GetProperty("Response").EnumerateArray().Select(l => l.GetString()!)]))
            .ToList();
        string tag = element.TryGetProperty("ZenResponseTag", out var t) ? t.GetString() ?? "" : "";
        return new FerretQuery(DnsName.Parse(query.GetProperty("Name").GetString()!), type, tag, groups);
    }

    private static FerretResponse ReadResponse(string servers, List<string> lines)
    {
        var rcode = ResponseCode.NoError;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith(';'))
            {
                current = sections[line] = [];
            }
            else if (current is not null)
            {
                current.Add(line);
            }
            else if (line.StartsWith("rcode ", StringComparison.Ordinal))
            {
                rcode = ParseRcode(line[6..]);
            }
            else if (line.StartsWith("flags", StringComparison.Ordinal))
            {
                flags.UnionWith(line[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return new FerretResponse(servers, rcode, flags, Records(sections, ";ANSWER"), Records(sections, ";AUTHORITY"), Records(sections, ";ADDITIONAL"), lines);
    }

    private static ResponseCode ParseRcode(string text) => text switch
    {
        "NOERROR" => ResponseCode.NoError,
        "FORMERR" => ResponseCode.FormErr,
        "SERVFAIL" => ResponseCode.ServFail,
        "NXDOMAIN" => ResponseCode.NXDomain,
        "NOTIMP" => ResponseCode.NotImp,
        "REFUSED" => ResponseCode.Refused,
        "YXDOMAIN" => ResponseCode.YXDomain,
        _ => throw new InvalidDataException("unknown rcode " + text),
    };

    private static List<ResourceRecord> Records(Dictionary<string, List<string>> sections, string name)
    {
        if (!sections.TryGetValue(name, out var lines) || lines.Count == 0)
        {
            return [];
        }

        var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = DnsName.Root, AllowInclude = false });
        return [.. reader.Read(new StringReader(string.Join('\n', lines))).Select(r => r.Record)];
    }
}
