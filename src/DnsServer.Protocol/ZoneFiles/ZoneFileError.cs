namespace DnsServer.Protocol.ZoneFiles;

/// <summary>One problem found while reading a zone file, with the file and line it comes from.</summary>
/// <param name="File">The file name as given to the reader (or the <c>$INCLUDE</c> path).</param>
/// <param name="Line">The 1-based line where the entry starts.</param>
/// <param name="Message">What is wrong, naming the field.</param>
public sealed record ZoneFileError(string File, int Line, string Message)
{
    /// <summary>The compiler-style form <c>file:line: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
