using System.Reflection;

namespace DnsServer.Authoritative.Loading;

/// <summary>Where zone files come from: a folder, or the sample zones built into the program.</summary>
public sealed class ZoneSourceOptions
{
    /// <summary>The zone folder; null serves the built-in samples.</summary>
    public string? Directory { get; init; }

    /// <summary>The assembly holding the built-in samples as resources named <c>zones/NAME.zone</c>.</summary>
    public Assembly? EmbeddedSamples { get; init; }

    public IEnumerable<ZoneSource> ListSources()
    {
        if (Directory is not null)
        {
            return ZoneFileSet.List(Directory).Select(ZoneSource.FromFile);
        }

        if (EmbeddedSamples is { } assembly)
        {
            return assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("zones/", StringComparison.Ordinal) && n.EndsWith(ZoneFileSet.Extension, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => ZoneSource.FromResource(assembly, n));
        }

        return [];
    }
}

/// <summary>One zone file to load: its display path and how to open it.</summary>
public sealed record ZoneSource(string Path, Func<TextReader> Open, bool IsFile)
{
    /// <summary>The zone's origin; when null it comes from the file name (<see cref="ZoneFileSet.OriginFromFileName"/>).</summary>
    public Protocol.DnsName? Origin { get; init; }

    public static ZoneSource FromFile(string path) => new(path, () => new StreamReader(path), IsFile: true);

    public static ZoneSource FromResource(Assembly assembly, string name) =>
        new("(built-in) " + name, () => new StreamReader(assembly.GetManifestResourceStream(name)!), IsFile: false);
}
