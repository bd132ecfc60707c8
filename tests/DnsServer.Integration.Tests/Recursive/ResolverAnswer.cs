using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>One record of a response, in presentation format, lower case.</summary>
internal sealed record ResolverRecord(string Name, string Type, long Ttl, string Data)
{
    /// <summary>Name, type and RDATA: what the comparison looks at (TTL left out).</summary>
    public string Key => $"{Name} {Type} {Data}";

    public override string ToString() => $"{Name} {Ttl} {Type} {Data}";
}

/// <summary>What a resolver answered to one question, as resolver_client.py reported it.</summary>
internal sealed record ResolverAnswer(
    string QName,
    string QType,
    string? Error,
    string Rcode,
    string Flags,
    bool Tcp,
    TimeSpan Elapsed,
    IReadOnlyList<ResolverRecord> Answer,
    IReadOnlyList<ResolverRecord> Authority,
    IReadOnlyList<(int Code, string Text)> Ede)
{
    /// <summary>The answer section as a set of name/type/RDATA keys, sorted, TTLs left out.</summary>
    public IReadOnlyList<string> AnswerKeys => [.. Answer.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The RA flag, set when the server offered recursion.</summary>
    public bool RecursionAvailable => Flags.Split(' ').Contains("RA");

    public static ResolverAnswer FromJson(string qname, string qtype, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var elapsed = TimeSpan.FromMilliseconds(root.GetProperty("elapsed_ms").GetDouble());
        if (root.GetProperty("error").ValueKind == JsonValueKind.String)
        {
            return new ResolverAnswer(qname, qtype, root.GetProperty("error").GetString(), "", "", false, elapsed, [], [], []);
        }

        return new ResolverAnswer(
            qname,
            qtype,
            null,
            root.GetProperty("rcode").GetString()!,
            root.GetProperty("flags").GetString()!,
            root.GetProperty("tcp").GetBoolean(),
            elapsed,
            Records(root.GetProperty("answer")),
            Records(root.GetProperty("authority")),
            [.. root.GetProperty("ede").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetString() ?? ""))]);
    }

    /// <summary>Rcode, flags and sections, one record a line, for assertion messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{QName} {QType}: ");
        if (Error is not null)
        {
            return text.Append(CultureInfo.InvariantCulture, $"no answer ({Error}) after {Elapsed.TotalMilliseconds:F0} ms").ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{Rcode} [{Flags}]{(Tcp ? " over TCP" : "")} in {Elapsed.TotalMilliseconds:F0} ms");
        foreach (var (code, extra) in Ede)
        {
            text.Append(CultureInfo.InvariantCulture, $", EDE {code} \"{extra}\"");
        }

        foreach (var record in Answer)
        {
            text.Append("\n    answer: ").Append(record);
        }

        foreach (var record in Authority)
        {
            text.Append("\n    authority: ").Append(record);
        }

        return text.ToString();
    }

    private static List<ResolverRecord> Records(JsonElement section) =>
        [.. section.EnumerateArray().SelectMany(rrset => rrset.GetProperty("rdata").EnumerateArray().Select(rdata => new ResolverRecord(
            rrset.GetProperty("name").GetString()!,
            rrset.GetProperty("type").GetString()!,
            rrset.GetProperty("ttl").GetInt64(),
            rdata.GetString()!)))];
}
