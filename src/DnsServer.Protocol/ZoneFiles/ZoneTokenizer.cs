using System.Runtime.InteropServices;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// Splits master-file text into entries (RFC 1035 §5.1): one line, or several joined by
/// parentheses, with <c>;</c> comments and blank lines dropped. Reads line by line from the
/// <see cref="TextReader"/>, so memory stays bounded by the longest entry, not the file.
/// </summary>
/// <remarks>
/// Backslash escapes are kept as written (the name and RDATA parsers decode them); quotes are
/// removed and the token marked quoted. A quoted string ends at its line, as in NSD and Knot.
/// </remarks>
internal sealed class ZoneTokenizer
{
    private readonly TextReader _reader;
    private readonly List<ZoneToken> _tokens = [];
    private int _lineNumber;
    private int _depth;
    private int _openLine;
    private string? _error;

    public ZoneTokenizer(TextReader reader)
    {
        _reader = reader;
    }

    /// <summary>The line where the current entry starts (1-based).</summary>
    public int EntryLine { get; private set; }

    /// <summary>True when the entry's first line starts with a space or tab: the owner is omitted.</summary>
    public bool StartsWithBlank { get; private set; }

    /// <summary>The tokens of the current entry; valid until the next read.</summary>
    public ReadOnlySpan<ZoneToken> Tokens => CollectionsMarshal.AsSpan(_tokens);

    /// <summary>The last line read, for errors found after the entry ended (end of file).</summary>
    public int LineNumber => _lineNumber;

    /// <summary>
    /// Reads the next entry that has tokens. Returns false at the end of the input. When the
    /// entry is malformed, <paramref name="error"/> says why and the whole entry is consumed,
    /// so the caller can report it and go on.
    /// </summary>
    public bool TryReadEntry(out string? error)
    {
        _tokens.Clear();
        _error = null;
        bool started = false;
        while (true)
        {
            string? line = _reader.ReadLine();
            if (line is null)
            {
                if (_depth > 0)
                {
                    _error ??= $"'(' opened on line {_openLine} is never closed";
                    _depth = 0;
                    error = _error;
                    return true;
                }

                error = _error;
                return started && (_tokens.Count > 0 || _error is not null);
            }

            _lineNumber++;
            if (!started)
            {
                EntryLine = _lineNumber;
                StartsWithBlank = line.Length > 0 && (line[0] == ' ' || line[0] == '\t');
                started = true;
            }

            ScanLine(line);
            if (_depth == 0)
            {
                if (_tokens.Count > 0 || _error is not null)
                {
                    error = _error;
                    return true;
                }

                started = false;
            }
        }
    }

    /// <summary>Splits one string into tokens, as if it were a whole entry (used by $GENERATE).</summary>
    public static List<ZoneToken> Split(string text, out string? error)
    {
        var tokenizer = new ZoneTokenizer(TextReader.Null);
        tokenizer.ScanLine(text);
        error = tokenizer._error ?? (tokenizer._depth > 0 ? "'(' is never closed" : null);
        return tokenizer._tokens;
    }

    private void ScanLine(string line)
    {
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    i++;
                    break;
                case ';':
                    return;
                case '(':
                    if (_depth > 0)
                    {
                        Fail("nested '('");
                    }
                    else
                    {
                        _openLine = _lineNumber;
                    }

                    _depth++;
                    i++;
                    break;
                case ')':
                    if (_depth == 0)
                    {
                        Fail("')' without '('");
                    }
                    else
                    {
                        _depth--;
                    }

                    i++;
                    break;
                case '"':
                    i = ScanQuoted(line, i + 1);
                    break;
                default:
                    i = ScanWord(line, i);
                    break;
            }
        }
    }

    private int ScanQuoted(string line, int start)
    {
        int i = start;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '"')
            {
                _tokens.Add(new ZoneToken(line[start..i], Quoted: true));
                return i + 1;
            }

            i++;
        }

        Fail("missing closing '\"'");
        return line.Length;
    }

    private int ScanWord(string line, int start)
    {
        int i = start;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '\\')
            {
                if (i + 1 >= line.Length)
                {
                    Fail("backslash at the end of a line");
                    return line.Length;
                }

                i += 2;
                continue;
            }

            if (c is ' ' or '\t' or '\r' or ';' or '(' or ')' or '"')
            {
                break;
            }

            i++;
        }

        _tokens.Add(new ZoneToken(line[start..i]));
        return i;
    }

    private void Fail(string message) => _error ??= message;
}
