namespace DnsServer.Protocol.ZoneFiles;

/// <summary>How a zone file is read. Validated when the reader is built.</summary>
public sealed class ZoneReaderOptions
{
    /// <summary>The initial origin: completes relative names and stands for <c>@</c>.</summary>
    /// <remarks>Defaults to the root. A zone file usually sets it with <c>$ORIGIN</c> or the caller passes the zone name.</remarks>
    public DnsName Origin { get; init; } = DnsName.Root;

    /// <summary>The name errors give for the top-level file.</summary>
    /// <remarks>Defaults to the path passed to <see cref="ZoneFileReader.ReadFile"/>, or <c>&lt;input&gt;</c> for a <see cref="TextReader"/>.</remarks>
    public string? FileName { get; init; }

    /// <summary>The class of the zone; a record of another class is an error.</summary>
    /// <remarks>Defaults to IN.</remarks>
    public RecordClass Class { get; init; } = RecordClass.IN;

    /// <summary>A TTL used before any <c>$TTL</c>, as if the file began with one.</summary>
    /// <remarks>Defaults to none: BIND's rules apply (previous record's TTL, else the SOA minimum).</remarks>
    public uint? DefaultTtl { get; init; }

    /// <summary>When true, errors are collected in <see cref="ZoneFileReader.Errors"/> and reading goes on
    /// with the next entry; when false, the first error throws <see cref="ZoneFileException"/>.</summary>
    /// <remarks>Defaults to false.</remarks>
    public bool ContinueOnError { get; init; }

    /// <summary>Whether <c>$INCLUDE</c> may open files. Zones that arrive over the API should not read the server's disk.</summary>
    /// <remarks>Defaults to true.</remarks>
    public bool AllowInclude { get; init; } = true;

    /// <summary>How deeply <c>$INCLUDE</c> may nest.</summary>
    /// <remarks>Defaults to 16.</remarks>
    public int MaxIncludeDepth { get; init; } = 16;

    /// <summary>The directory relative <c>$INCLUDE</c> paths of a <see cref="TextReader"/> source are resolved against.</summary>
    /// <remarks>Defaults to the current directory; for a file, its own directory is used.</remarks>
    public string? BaseDirectory { get; init; }

    /// <summary>The most records one <c>$GENERATE</c> may produce, against typing mistakes like <c>1-4000000000</c>.</summary>
    /// <remarks>Defaults to 10,000,000.</remarks>
    public int MaxGenerateRecords { get; init; } = 10_000_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Origin);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIncludeDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGenerateRecords);
        if (DefaultTtl > TtlText.MaxTtl)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultTtl), "a TTL is at most 2147483647 (RFC 2181 §8)");
        }
    }
}
