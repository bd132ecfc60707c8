using System.Text;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>The control entries: <c>$ORIGIN</c>, <c>$TTL</c>, <c>$INCLUDE</c> and <c>$GENERATE</c>.</summary>
public sealed partial class ZoneFileReader
{
    private const int ReadBufferSize = 1 << 16;

    private EntryKind ParseDirective(
        ParseContext context, ReadOnlySpan<ZoneToken> tokens, out IncludeRequest? include, out GenerateDirective? generate)
    {
        include = null;
        generate = null;
        string directive = tokens[0].Text;
        var args = tokens[1..];
        if (directive.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 1035 §5.1: a relative $ORIGIN is completed with the current origin.
            RequireArguments(directive, args, 1, 1);
            context.Origin = ParseDirectiveName(args[0], context.Origin);
            return EntryKind.None;
        }

        if (directive.Equals("$TTL", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 2308 §4.
            RequireArguments(directive, args, 1, 1);
            _defaultTtl = TtlText.TryParse(args[0].Text, out uint ttl, out string? error) ? ttl : throw new DnsFormatException(error!);
            return EntryKind.None;
        }

        if (directive.Equals("$INCLUDE", StringComparison.OrdinalIgnoreCase))
        {
            RequireArguments(directive, args, 1, 2);
            if (!_options.AllowInclude)
            {
                throw new DnsFormatException("$INCLUDE is not allowed for this zone");
            }

            var origin = args.Length == 2 ? ParseDirectiveName(args[1], context.Origin) : null;
            include = new IncludeRequest(args[0].Text, origin);
            return EntryKind.Include;
        }

        if (directive.Equals("$GENERATE", StringComparison.OrdinalIgnoreCase))
        {
            generate = GenerateDirective.Parse(args);
            if (generate.Count > _options.MaxGenerateRecords)
            {
                throw new DnsFormatException($"$GENERATE would make {generate.Count} records, more than the limit of {_options.MaxGenerateRecords}");
            }

            return EntryKind.Generate;
        }

        throw new DnsFormatException($"unknown directive '{directive}'");
    }

    private static void RequireArguments(string directive, ReadOnlySpan<ZoneToken> args, int min, int max)
    {
        if (args.Length < min || args.Length > max)
        {
            string expected = min == max ? $"{min}" : $"{min} or {max}";
            throw new DnsFormatException($"{directive} takes {expected} argument{(max == 1 ? "" : "s")}, not {args.Length}");
        }
    }

    private static DnsName ParseDirectiveName(ZoneToken token, DnsName origin) =>
        token.Text == "@" ? origin : DnsName.Parse(token.Text, origin);

    /// <summary>
    /// <c>$INCLUDE file [origin]</c> (RFC 1035 §5.1). The path is relative to the including
    /// file, as in NSD and Knot (BIND takes it relative to its working directory). The origin and
    /// the current owner revert afterwards, because the included file has its own context.
    /// </summary>
    private IEnumerable<ZoneFileRecord> ReadInclude(IncludeRequest request, ParseContext parent, int depth, int line)
    {
        if (depth + 1 > _options.MaxIncludeDepth)
        {
            Report(parent.File, line, $"$INCLUDE nested more than {_options.MaxIncludeDepth} deep");
            return [];
        }

        string path = Path.IsPathRooted(request.Path) ? request.Path : Path.Combine(parent.Directory, request.Path);
        string fullPath = Path.GetFullPath(path);
        var context = new ParseContext(path, Path.GetDirectoryName(fullPath) ?? ".", request.Origin ?? parent.Origin)
        {
            PreviousOwner = parent.PreviousOwner,
        };
        return ReadTrackedFile(path, fullPath, context, depth + 1, parent.File, line);
    }

    private IEnumerable<ZoneFileRecord> ReadTrackedFile(string path, string fullPath, ParseContext context, int depth, string fromFile, int fromLine)
    {
        if (!_openFiles.Add(fullPath))
        {
            Report(fromFile, fromLine, $"$INCLUDE loop: '{path}' is already being read");
            yield break;
        }

        try
        {
            var reader = Open(path, fromFile, fromLine);
            if (reader is null)
            {
                yield break;
            }

            using (reader)
            {
                foreach (var record in ReadSource(reader, context, depth))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            _openFiles.Remove(fullPath);
        }
    }

    private StreamReader? Open(string path, string fromFile, int fromLine)
    {
        try
        {
            var options = new FileStreamOptions { BufferSize = ReadBufferSize, Options = FileOptions.SequentialScan };
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Report(fromFile, fromLine, $"cannot open '{path}': {e.Message}");
            return null;
        }
    }

    private IEnumerable<ZoneFileRecord> Expand(GenerateDirective generate, ParseContext context, int line)
    {
        for (long value = generate.Start; value <= generate.Stop; value += generate.Step)
        {
            var record = TryGenerateOne(generate, value, context, line);
            if (record is null)
            {
                yield break;
            }

            yield return record.Value;
        }
    }

    private ZoneFileRecord? TryGenerateOne(GenerateDirective generate, long value, ParseContext context, int line)
    {
        try
        {
            string lhs = GenerateDirective.Substitute(generate.Lhs, value);
            var owner = lhs == "@" ? context.Origin : DnsName.Parse(lhs, context.Origin);
            var rdata = new List<ZoneToken>(generate.Rhs.Length);
            foreach (var template in generate.Rhs)
            {
                string text = GenerateDirective.Substitute(template.Text, value);
                if (!template.Quoted)
                {
                    rdata.Add(new ZoneToken(text));
                    continue;
                }

                // BIND reads a quoted right-hand side as RDATA text of its own, so "10 mail$" can fill an MX.
                rdata.AddRange(ZoneTokenizer.Split(text, out string? error));
                if (error is not null)
                {
                    throw new DnsFormatException(error);
                }
            }

            var head = new RecordHead(owner, generate.Ttl, generate.Class, generate.Type);
            return BuildRecord(context, head, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rdata), line);
        }
        catch (DnsFormatException e)
        {
            Report(context.File, line, $"$GENERATE at {value}: {e.Message}");
            return null;
        }
    }
}
