using DnsServer.Protocol.Records;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// Reads RFC 1035 §5 master files, with the extensions BIND, NSD and Knot share: <c>$TTL</c>
/// (RFC 2308 §4), TTL units, <c>$GENERATE</c> and RFC 3597 generic records. Records stream out
/// as they are read; the whole file is never held in memory.
/// </summary>
/// <example>
/// <code>
/// var reader = new ZoneFileReader(new ZoneReaderOptions { Origin = DnsName.Parse("example.com."), ContinueOnError = true });
/// var records = reader.ReadFile("zones/example.com.zone").ToList();
/// foreach (var error in reader.Errors) Console.Error.WriteLine(error); // zones/example.com.zone:17: …
/// </code>
/// </example>
public sealed partial class ZoneFileReader
{
    private readonly ZoneReaderOptions _options;
    private readonly List<ZoneFileError> _errors = [];
    private readonly List<ZoneFileError> _warnings = [];
    private readonly HashSet<string> _openFiles = new(StringComparer.Ordinal);
    private uint? _defaultTtl;
    private uint? _lastTtl;
    private uint? _soaMinimum;
    private bool _warnedPreviousTtl;

    public ZoneFileReader(ZoneReaderOptions? options = null)
    {
        _options = options ?? new ZoneReaderOptions();
        _options.Validate();
        _defaultTtl = _options.DefaultTtl;
    }

    /// <summary>The errors met so far, when <see cref="ZoneReaderOptions.ContinueOnError"/> is set.</summary>
    public IReadOnlyList<ZoneFileError> Errors => _errors;

    /// <summary>Things BIND would warn about (TTL defaults), which do not stop the zone from loading.</summary>
    public IReadOnlyList<ZoneFileError> Warnings => _warnings;

    /// <summary>Reads records from text. Relative <c>$INCLUDE</c> paths resolve against <see cref="ZoneReaderOptions.BaseDirectory"/>.</summary>
    public IEnumerable<ZoneFileRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var directory = _options.BaseDirectory ?? Environment.CurrentDirectory;
        var context = new ParseContext(_options.FileName ?? "<input>", directory, _options.Origin);
        return ReadSource(reader, context, depth: 0);
    }

    /// <summary>Reads a zone file; errors name it as <paramref name="path"/> is written (or <see cref="ZoneReaderOptions.FileName"/>).</summary>
    public IEnumerable<ZoneFileRecord> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var context = new ParseContext(_options.FileName ?? path, Path.GetDirectoryName(fullPath) ?? ".", _options.Origin);
        return ReadTrackedFile(path, fullPath, context, depth: 0, context.File, fromLine: 0);
    }

    private IEnumerable<ZoneFileRecord> ReadSource(TextReader reader, ParseContext context, int depth)
    {
        var tokenizer = new ZoneTokenizer(reader);
        while (tokenizer.TryReadEntry(out string? error))
        {
            int line = tokenizer.EntryLine;
            if (error is not null)
            {
                Report(context.File, line, error);
                continue;
            }

            var kind = ParseEntry(context, tokenizer, out var record, out var include, out var generate);
            if (kind == EntryKind.Record)
            {
                yield return record;
            }
            else if (kind == EntryKind.Include)
            {
                foreach (var included in ReadInclude(include!, context, depth, line))
                {
                    yield return included;
                }
            }
            else if (kind == EntryKind.Generate)
            {
                foreach (var generated in Expand(generate!, context, line))
                {
                    yield return generated;
                }
            }
        }
    }

    private EntryKind ParseEntry(
        ParseContext context, ZoneTokenizer tokenizer, out ZoneFileRecord record, out IncludeRequest? include, out GenerateDirective? generate)
    {
        record = default;
        include = null;
        generate = null;
        var tokens = tokenizer.Tokens;
        int line = tokenizer.EntryLine;
        try
        {
            if (!tokenizer.StartsWithBlank && !tokens[0].Quoted && tokens[0].Text.StartsWith('$'))
            {
                return ParseDirective(context, tokens, out include, out generate);
            }

            record = ParseRecord(context, tokens, line, tokenizer.StartsWithBlank);
            return EntryKind.Record;
        }
        catch (DnsFormatException e)
        {
            Report(context.File, line, e.Message);
            return EntryKind.None;
        }
    }

    private ZoneFileRecord ParseRecord(ParseContext context, ReadOnlySpan<ZoneToken> tokens, int line, bool ownerOmitted)
    {
        int i = 0;
        DnsName owner;
        if (ownerOmitted)
        {
            // RFC 1035 §5.1: a blank owner means the previous record's owner.
            owner = context.PreviousOwner ?? throw new DnsFormatException("the line starts with a blank but no owner name came before it");
        }
        else
        {
            owner = ParseOwner(context, tokens[0]);
            context.PreviousOwner = owner;
            i = 1;
        }

        uint? ttl = null;
        RecordClass? recordClass = null;
        for (int k = 0; k < 2 && i < tokens.Length; k++)
        {
            // RFC 1035 §5.1 allows TTL and class in either order.
            string field = tokens[i].Text;
            if (ttl is null && TtlText.LooksLikeTtl(field))
            {
                ttl = TtlText.TryParse(field, out uint value, out string? error) ? value : throw new DnsFormatException(error!);
            }
            else if (recordClass is null && RecordClassText.TryParse(field, out var parsed))
            {
                recordClass = parsed;
            }
            else
            {
                break;
            }

            i++;
        }

        if (i >= tokens.Length)
        {
            throw new DnsFormatException($"record for {owner} has no type");
        }

        if (tokens[i].Quoted || !RecordTypeText.TryParse(tokens[i].Text, out var type))
        {
            throw new DnsFormatException($"'{tokens[i].Text}' is not a record type");
        }

        return BuildRecord(context, new RecordHead(owner, ttl, recordClass, type), tokens[(i + 1)..], line);
    }

    private ZoneFileRecord BuildRecord(ParseContext context, RecordHead head, ReadOnlySpan<ZoneToken> rdata, int line)
    {
        if (IsMetaType(head.Type))
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(head.Type)} is a meta type and cannot appear in a zone file (RFC 6895 §3.1)");
        }

        var recordClass = head.Class ?? _options.Class;
        if (recordClass != _options.Class)
        {
            throw new DnsFormatException(
                $"class {RecordClassText.ToText(recordClass)} does not match the zone class {RecordClassText.ToText(_options.Class)}");
        }

        var data = ParseRData(head.Type, rdata, context.Origin);
        uint ttl = ResolveTtl(head, data, context.File, line);
        return new ZoneFileRecord(new ResourceRecord(head.Owner, recordClass, ttl, data), context.File, line);
    }

    private static RData ParseRData(RecordType type, ReadOnlySpan<ZoneToken> tokens, DnsName origin)
    {
        try
        {
            return RDataParser.Parse(type, tokens, origin);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new DnsFormatException($"{RecordTypeText.ToText(type)} data is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// The TTL of a record written without one: <c>$TTL</c> (RFC 2308 §4), else the last TTL
    /// written (RFC 1035 §5.1, as BIND does), else the SOA minimum (BIND 8 behaviour, warned).
    /// </summary>
    private uint ResolveTtl(RecordHead head, RData data, string file, int line)
    {
        if (data is SoaRData soa)
        {
            _soaMinimum = soa.Minimum;
        }

        if (head.Ttl is uint given)
        {
            _lastTtl = given;
            return given;
        }

        if (_defaultTtl is uint fromDirective)
        {
            return fromDirective;
        }

        if (_lastTtl is uint previous)
        {
            if (!_warnedPreviousTtl)
            {
                _warnedPreviousTtl = true;
                _warnings.Add(new ZoneFileError(file, line, "no $TTL: records without a TTL take the previous record's TTL (RFC 1035 §5.1)"));
            }

            return previous;
        }

        if (_soaMinimum is uint soaMinimum)
        {
            _warnings.Add(new ZoneFileError(file, line, $"no TTL and no $TTL: using the SOA minimum {soaMinimum}"));
            _lastTtl = soaMinimum;
            return soaMinimum;
        }

        throw new DnsFormatException("no TTL given, and no $TTL, earlier TTL or SOA minimum to take it from");
    }

    private static DnsName ParseOwner(ParseContext context, ZoneToken token)
    {
        if (token.Quoted)
        {
            throw new DnsFormatException($"owner name \"{token.Text}\" cannot be quoted");
        }

        string text = token.Text;
        if (text == "@")
        {
            return context.Origin;
        }

        // Consecutive records usually repeat the owner; reuse the parsed name.
        if (ReferenceEquals(context.CachedOwnerOrigin, context.Origin) && text == context.CachedOwnerText)
        {
            return context.CachedOwner!;
        }

        var name = DnsName.Parse(text, context.Origin);
        context.CachedOwner = name;
        context.CachedOwnerText = text;
        context.CachedOwnerOrigin = context.Origin;
        return name;
    }

    private static bool IsMetaType(RecordType type) =>
        type is RecordType.OPT or RecordType.TKEY or RecordType.TSIG or RecordType.IXFR or RecordType.AXFR
            or RecordType.MAILA or RecordType.MAILB or RecordType.ANY;

    private void Report(string file, int line, string message)
    {
        var error = new ZoneFileError(file, line, message);
        if (!_options.ContinueOnError)
        {
            throw new ZoneFileException(error);
        }

        _errors.Add(error);
    }

    private enum EntryKind
    {
        None,
        Record,
        Include,
        Generate,
    }

    private readonly record struct RecordHead(DnsName Owner, uint? Ttl, RecordClass? Class, RecordType Type);

    private sealed record IncludeRequest(string Path, DnsName? Origin);

    /// <summary>The state one file (or included file) carries from entry to entry.</summary>
    private sealed class ParseContext(string file, string directory, DnsName origin)
    {
        public string File { get; } = file;

        public string Directory { get; } = directory;

        public DnsName Origin { get; set; } = origin;

        public DnsName? PreviousOwner { get; set; }

        public string? CachedOwnerText { get; set; }

        public DnsName? CachedOwnerOrigin { get; set; }

        public DnsName? CachedOwner { get; set; }
    }
}
