namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// A zone file could not be read. The message has the form <c>file:line: message</c>, as
/// named-checkzone and compilers print it, so the CLI can show it as it is.
/// </summary>
public sealed class ZoneFileException : Exception
{
    public ZoneFileException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
        File = file;
        Line = line;
        Detail = message;
    }

    public ZoneFileException()
        : this("<input>", 0, "zone file error")
    {
    }

    public ZoneFileException(string message)
        : this("<input>", 0, message)
    {
    }

    public ZoneFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "<input>";
        Detail = message;
    }

    internal ZoneFileException(ZoneFileError error)
        : this(error.File, error.Line, error.Message)
    {
    }

    /// <summary>The file the error is in.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the entry in error (0 when not tied to a line).</summary>
    public int Line { get; }

    /// <summary>The message without the file and line prefix.</summary>
    public string Detail { get; }

    /// <summary>The error as a value, for lists of errors.</summary>
    public ZoneFileError ToError() => new(File, Line, Detail);
}
