using DnsServer.Protocol;

namespace DnsServer.Authoritative.Loading;

/// <summary>
/// Names zone files by their origin, the way <c>--zones DIR</c> promises: every <c>NAME.zone</c>
/// serves <c>NAME.</c>, and <c>root.zone</c> serves the root.
/// </summary>
public static class ZoneFileSet
{
    public const string Extension = ".zone";

    /// <summary>The origin a zone file serves by its name: <c>example.com.zone</c> → <c>example.com.</c>.</summary>
    public static DnsName OriginFromFileName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^Extension.Length];
        }

        if (name.Equals("root", StringComparison.OrdinalIgnoreCase) || name is "." or "")
        {
            return DnsName.Root;
        }

        return DnsName.Parse(name.EndsWith('.') ? name : name + ".");
    }

    /// <summary>The zone files of a folder, sorted by name so start-up logs read the same each time.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal)];
}
