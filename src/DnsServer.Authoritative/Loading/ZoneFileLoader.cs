using DnsServer.Authoritative.Zones;
using DnsServer.Protocol;
using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Authoritative.Loading;

/// <summary>
/// Reads one zone file, checks it as named-checkzone would, and builds its snapshot. Every error
/// is reported with file and line; a zone with any error is not built.
/// </summary>
internal static class ZoneFileLoader
{
    public static (ZoneLoadResult Result, Zone? Zone) Load(ZoneSource source)
    {
        var origin = source.Origin ?? ZoneFileSet.OriginFromFileName(source.Path);
        var reader = new ZoneFileReader(new ZoneReaderOptions
        {
            Origin = origin,
            FileName = source.Path,
            ContinueOnError = true,
            AllowInclude = source.IsFile,
            BaseDirectory = source.IsFile ? Path.GetDirectoryName(Path.GetFullPath(source.Path)) : null,
        });

        List<ZoneFileRecord> records;
        try
        {
            using var text = source.Open();
            records = [.. reader.Read(text)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (Failed(source, origin, [$"{source.Path}: {exception.Message}"], []), null);
        }

        var check = ZoneChecker.Check(records, origin);
        var errors = reader.Errors.Select(e => e.ToString())
            .Concat(check.Findings.Where(f => f.Severity == ZoneCheckSeverity.Error).Select(f => f.ToString()))
            .ToList();
        var warnings = reader.Warnings.Select(e => e.ToString())
            .Concat(check.Findings.Where(f => f.Severity == ZoneCheckSeverity.Warning).Select(f => f.ToString()))
            .ToList();
        if (errors.Count > 0)
        {
            return (Failed(source, origin, errors, warnings), null);
        }

        var builder = new ZoneBuilder(origin, source.Path);
        foreach (var record in records)
        {
            builder.Add(record.Record);
        }

        var zone = builder.Build();
        return (new ZoneLoadResult(source.Path, origin, ZoneService.ToSummary(zone), [], warnings), zone);
    }

    private static ZoneLoadResult Failed(ZoneSource source, DnsName origin, IReadOnlyList<string> errors, IReadOnlyList<string> warnings) =>
        new(source.Path, origin, null, errors, warnings);
}
