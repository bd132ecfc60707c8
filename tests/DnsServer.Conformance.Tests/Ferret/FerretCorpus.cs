using System.IO.Compression;
using System.Text.Json;

namespace DnsServer.Conformance.Tests.Ferret;

/// <summary>One zone of the Ferret corpus, with what BIND and Knot said about it (invalid zones only).</summary>
internal sealed record FerretZone(string Id, string Zone, string? Condition, PeerVerdict? Bind, PeerVerdict? Knot);

/// <summary>A peer's exit code and first output line from the corpus's <c>preprocessors</c> field.</summary>
internal sealed record PeerVerdict(int Code, string Output)
{
    public bool Rejected => Code != 0;
}

/// <summary>Streams the gzipped JSON-lines files one zone at a time.</summary>
internal static class FerretCorpus
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Ferret", file);

    /// <summary>Maps each JSON line of a corpus file, one at a time, without holding the file.</summary>
    public static IEnumerable<T> ReadLines<T>(string file, Func<JsonElement, T> map)
    {
        using var stream = File.OpenRead(PathOf(file));
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            yield return map(document.RootElement);
        }
    }

    public static IEnumerable<FerretZone> Read(string file) => ReadLines(file, ToZone);

    private static FerretZone ToZone(JsonElement root)
    {
        string id = root.GetProperty("id").ToString();
        string zone = root.GetProperty("zone").GetString() ?? "";
        string? condition = root.TryGetProperty("condition", out var c) ? c.GetString() : null;
        PeerVerdict? bind = null;
        PeerVerdict? knot = null;
        if (root.TryGetProperty("preprocessors", out var peers) && peers.ValueKind == JsonValueKind.Object)
        {
            bind = Verdict(peers, "Bind");
            knot = Verdict(peers, "Knot");
        }

        return new FerretZone(id, zone, condition, bind, knot);
    }

    private static PeerVerdict? Verdict(JsonElement peers, string name)
    {
        if (!peers.TryGetProperty(name, out var peer))
        {
            return null;
        }

        var lines = peer.TryGetProperty("Output", out var output) && output.ValueKind == JsonValueKind.Array
            ? string.Join(" | ", output.EnumerateArray().Select(e => e.GetString()))
            : "";
        return new PeerVerdict(peer.GetProperty("Code").GetInt32(), lines);
    }
}
