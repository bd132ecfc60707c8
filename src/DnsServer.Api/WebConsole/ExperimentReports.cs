namespace DnsServer.Api.WebConsole;

/// <summary>An experiment's report folder: its name, when its report was written, where to open it.</summary>
public sealed record ReportInfo(string Name, DateTimeOffset Written, string Url);

/// <summary>
/// The reports of <c>dnsserver experiment</c> kept in one folder, one subfolder per run with its
/// report.html (docs/experiments.md). Only direct subfolders are served, found by exact name.
/// </summary>
internal static class ExperimentReports
{
    public const string FileName = "report.html";

    public static List<ReportInfo> List(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. new DirectoryInfo(directory).EnumerateDirectories()
            .Select(folder => (folder.Name, File: new FileInfo(Path.Combine(folder.FullName, FileName))))
            .Where(r => r.File.Exists)
            .OrderByDescending(r => r.File.LastWriteTimeUtc)
            .Select(r => new ReportInfo(r.Name, new DateTimeOffset(r.File.LastWriteTimeUtc, TimeSpan.Zero), $"/reports/{Uri.EscapeDataString(r.Name)}/{FileName}"))];
    }

    /// <summary>The report.html of the subfolder named exactly <paramref name="name"/>, or null.</summary>
    public static string? Find(string directory, string name)
    {
        if (!Directory.Exists(directory) || name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            return null;
        }

        var folder = new DirectoryInfo(directory).EnumerateDirectories().FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
        var path = folder is null ? null : Path.Combine(folder.FullName, FileName);
        return path is not null && File.Exists(path) ? path : null;
    }
}
