using System.Text;
using System.Text.Json;

namespace DnsServer.Integration.Tests.Differential;

/// <summary>One server's response to one case, as the Python script decoded it with dnspython.</summary>
internal sealed record ServerAnswer(
    string? Error,
    string? Rcode,
    IReadOnlySet<string> Flags,
    IReadOnlyList<string> Question,
    IReadOnlyList<string> Answer,
    IReadOnlyList<string> Authority,
    IReadOnlyList<string> Additional,
    int Edns,
    int Payload,
    int Size,
    bool Truncated)
{
    public bool Responded => Error is null || Rcode is not null;

    public static ServerAnswer FromJson(JsonElement json)
    {
        string? Text(string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        int Number(string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : -1;
        IReadOnlyList<string> Lines(string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
                ? [.. value.EnumerateArray().Select(line => line.GetString() ?? "")]
                : [];

        return new ServerAnswer(
            Text("error"),
            Text("rcode"),
            (Text("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            Lines("question"),
            Lines("answer"),
            Lines("authority"),
            Lines("additional"),
            Number("edns"),
            Number("payload"),
            Number("size"),
            json.TryGetProperty("tc", out var tc) && tc.ValueKind == JsonValueKind.True);
    }

    /// <summary>
    /// The Ferret rule (shared/conformance/ferret/README.md): rcode equal; header flags equal
    /// except RA; question, answer and additional equal as sets, TTL included; authority compared
    /// only when either answer section is empty. Added here: EDNS present in both or neither, and
    /// when either response is truncated only the header is compared, since what a truncated
    /// response holds is each server's choice.
    /// </summary>
    public static IReadOnlyList<string> Differences(ServerAnswer ours, ServerAnswer reference)
    {
        var differences = new List<string>();
        if (ours.Responded != reference.Responded)
        {
            differences.Add($"response: {(ours.Responded ? "answered" : ours.Error)} vs {(reference.Responded ? "answered" : reference.Error)}");
            return differences;
        }

        if (!ours.Responded)
        {
            return differences;
        }

        if (ours.Rcode != reference.Rcode)
        {
            differences.Add($"rcode: {ours.Rcode} vs {reference.Rcode}");
        }

        var ourFlags = ours.Flags.Where(f => f != "RA").Order(StringComparer.Ordinal);
        var theirFlags = reference.Flags.Where(f => f != "RA").Order(StringComparer.Ordinal);
        if (!ourFlags.SequenceEqual(theirFlags))
        {
            differences.Add($"flags: {string.Join(' ', ourFlags)} vs {string.Join(' ', theirFlags)}");
        }

        if ((ours.Edns >= 0) != (reference.Edns >= 0))
        {
            differences.Add($"EDNS: version {ours.Edns} vs {reference.Edns}");
        }

        if (ours.Truncated || reference.Truncated || ours.Error is not null || reference.Error is not null)
        {
            return differences;
        }

        CompareSection("question", ours.Question, reference.Question, differences);
        CompareSection("answer", ours.Answer, reference.Answer, differences);
        CompareSection("additional", ours.Additional, reference.Additional, differences);
        if (ours.Answer.Count == 0 || reference.Answer.Count == 0)
        {
            CompareSection("authority", ours.Authority, reference.Authority, differences);
        }

        return differences;
    }

    /// <summary>
    /// For qtype ANY, where each server may pick the RRsets it returns (RFC 8482 §4.1; NSD and
    /// Knot each return one, not the same one): rcode and flags as <see cref="Differences"/>, and
    /// our answer holds every RRset either peer returned; additional data is not compared.
    /// </summary>
    public static IReadOnlyList<string> AnyDifferences(ServerAnswer ours, IReadOnlyList<ServerAnswer> peers)
    {
        var differences = Differences(ours with { Answer = [], Authority = [], Additional = [] }, peers[^1] with { Answer = [], Authority = [], Additional = [] }).ToList();
        var missing = peers.SelectMany(peer => peer.Answer).Distinct(StringComparer.Ordinal).Except(ours.Answer, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"answer: missing [{string.Join(" | ", missing)}], which a peer returned");
        }

        return differences;
    }

    public override string ToString()
    {
        if (!Responded)
        {
            return Error ?? "no response";
        }

        var text = new StringBuilder();
        text.Append($"{Rcode} flags [{string.Join(' ', Flags)}] size {Size}");
        text.Append(Edns >= 0 ? $" EDNS {Edns} payload {Payload}" : " no EDNS");
        if (Error is not null)
        {
            text.Append($" ({Error})");
        }

        AppendSection(text, "QUESTION", Question);
        AppendSection(text, "ANSWER", Answer);
        AppendSection(text, "AUTHORITY", Authority);
        AppendSection(text, "ADDITIONAL", Additional);
        return text.ToString();
    }

    private static void CompareSection(string name, IReadOnlyList<string> ours, IReadOnlyList<string> reference, List<string> differences)
    {
        var ourSet = ours.ToHashSet(StringComparer.Ordinal);
        var theirSet = reference.ToHashSet(StringComparer.Ordinal);
        if (ourSet.SetEquals(theirSet))
        {
            return;
        }

        var extra = ourSet.Except(theirSet).Order(StringComparer.Ordinal);
        var missing = theirSet.Except(ourSet).Order(StringComparer.Ordinal);
        differences.Add($"{name}: extra [{string.Join(" | ", extra)}] missing [{string.Join(" | ", missing)}]");
    }

    private static void AppendSection(StringBuilder text, string name, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        text.Append($"\n  ;{name}");
        foreach (var line in lines)
        {
            text.Append("\n  ").Append(line);
        }
    }
}
