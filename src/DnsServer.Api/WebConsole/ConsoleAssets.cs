using System.Collections.Frozen;
using System.Reflection;

namespace DnsServer.Api.WebConsole;

/// <summary>One file of the web console: its bytes, media type and entity tag.</summary>
internal sealed record ConsoleAsset(string Path, byte[] Content, string ContentType, string ETag);

/// <summary>
/// The web console's files, embedded in this assembly (resources named <c>console/…</c>) and read
/// once. No file system and no network at run time: what was built is what is served.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, ConsoleAsset> _assets;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> assets) => _assets = assets;

    /// <summary>The assets embedded in the API assembly.</summary>
    public static ConsoleAssets Embedded { get; } = Load(typeof(ConsoleAssets).Assembly);

    public int Count => _assets.Count;

    public static ConsoleAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            var type = MediaTypes.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
            var etag = $"\"{ContentHash(content):x16}\"";
            assets[path] = new ConsoleAsset(path, content, type, etag);
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// FNV-1a over the bytes: the same content gives the same ETag across restarts, which is all an
    /// ETag needs. A cryptographic hash here would load OpenSSL at start-up for nothing (~3 MB).
    /// </summary>
    private static ulong ContentHash(ReadOnlySpan<byte> content)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in content)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return hash;
    }

    /// <summary>The asset at a path relative to the console's root (<c>index.html</c>, <c>js/app.js</c>), or null.</summary>
    public ConsoleAsset? Find(string path) => _assets.GetValueOrDefault(path);
}
