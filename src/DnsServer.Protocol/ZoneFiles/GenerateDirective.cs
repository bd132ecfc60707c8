using System.Globalization;
using System.Text;
using DnsServer.Protocol.Records;
using DnsServer.Protocol.Text;

namespace DnsServer.Protocol.ZoneFiles;

/// <summary>
/// BIND's <c>$GENERATE range lhs [ttl] [class] type rhs</c>: one record per value of the range,
/// with <c>$</c> in lhs and rhs replaced by the value, or by <c>${offset,width,base}</c> with base
/// d, o, x, X, n or N (nibbles, for ip6.arpa). <c>\$</c> is a literal dollar.
/// </summary>
internal sealed class GenerateDirective
{
    private GenerateDirective(long start, long stop, long step, string lhs, ZoneToken[] rhs)
    {
        Start = start;
        Stop = stop;
        Step = step;
        Lhs = lhs;
        Rhs = rhs;
    }

    public long Start { get; }

    public long Stop { get; }

    public long Step { get; }

    public string Lhs { get; }

    public ZoneToken[] Rhs { get; }

    public uint? Ttl { get; private init; }

    public RecordClass? Class { get; private init; }

    public RecordType Type { get; private init; }

    public long Count => ((Stop - Start) / Step) + 1;

    /// <summary>Parses the arguments after <c>$GENERATE</c>; throws <see cref="DnsFormatException"/>.</summary>
    public static GenerateDirective Parse(ReadOnlySpan<ZoneToken> args)
    {
        if (args.Length < 4)
        {
            throw new DnsFormatException("$GENERATE needs a range, a left-hand side, a type and a right-hand side");
        }

        var (start, stop, step) = ParseRange(args[0].Text);
        int i = 2;
        uint? ttl = null;
        RecordClass? recordClass = null;
        for (int k = 0; k < 2 && i < args.Length - 1; k++)
        {
            string field = args[i].Text;
            if (ttl is null && TtlText.LooksLikeTtl(field))
            {
                ttl = TtlText.TryParse(field, out uint value, out string? error) ? value : throw new DnsFormatException(error!);
                i++;
            }
            else if (recordClass is null && RecordClassText.TryParse(field, out var parsed))
            {
                recordClass = parsed;
                i++;
            }
            else
            {
                break;
            }
        }

        if (!RecordTypeText.TryParse(args[i].Text, out var type))
        {
            throw new DnsFormatException($"$GENERATE type '{args[i].Text}' is not a record type");
        }

        if (i + 1 >= args.Length)
        {
            throw new DnsFormatException("$GENERATE needs a right-hand side");
        }

        return new GenerateDirective(start, stop, step, args[1].Text, args[(i + 1)..].ToArray())
        {
            Ttl = ttl,
            Class = recordClass,
            Type = type,
        };
    }

    private static (long Start, long Stop, long Step) ParseRange(string text)
    {
        var span = text.AsSpan();
        long step = 1;
        int slash = span.IndexOf('/');
        if (slash >= 0)
        {
            step = ParseNumber(span[(slash + 1)..], "step");
            span = span[..slash];
        }

        int dash = span.IndexOf('-');
        if (dash < 0)
        {
            throw new DnsFormatException($"$GENERATE range '{text}' is not start-stop[/step]");
        }

        long start = ParseNumber(span[..dash], "start");
        long stop = ParseNumber(span[(dash + 1)..], "stop");
        if (start > stop || step == 0)
        {
            throw new DnsFormatException($"$GENERATE range '{text}' is empty (start above stop, or step 0)");
        }

        return (start, stop, step);
    }

    private static long ParseNumber(ReadOnlySpan<char> text, string field) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) && value <= int.MaxValue
            ? value
            : throw new DnsFormatException($"$GENERATE range {field} '{text}' is not a number from 0 to 2147483647");

    /// <summary>Replaces every <c>$</c> and <c>${…}</c> in <paramref name="template"/> with <paramref name="value"/>.</summary>
    public static string Substitute(string template, long value)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 8);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                // \$ is a literal dollar; every other escape is left for the name or RDATA parser.
                if (template[i + 1] != '$')
                {
                    builder.Append(c);
                }

                builder.Append(template[++i]);
            }
            else if (c == '$' && i + 1 < template.Length && template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new DnsFormatException($"$GENERATE modifier in '{template}' has no closing '}}'");
                }

                AppendModified(builder, template.AsSpan(i + 2, close - i - 2), value);
                i = close;
            }
            else if (c == '$')
            {
                builder.Append(value.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void AppendModified(StringBuilder builder, ReadOnlySpan<char> modifier, long value)
    {
        Span<Range> parts = stackalloc Range[4];
        int count = modifier.Split(parts, ',');
        if (count is 0 or > 3
            || !long.TryParse(modifier[parts[0]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long offset))
        {
            throw new DnsFormatException($"$GENERATE modifier '${{{modifier}}}' is not offset[,width[,base]]");
        }

        int width = 0;
        if (count > 1 && (!int.TryParse(modifier[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out width) || width > 255))
        {
            throw new DnsFormatException($"$GENERATE width in '${{{modifier}}}' is not a number up to 255");
        }

        char numberBase = count > 2 && modifier[parts[2]].Length == 1 ? modifier[parts[2]][0] : count > 2 ? '?' : 'd';
        long result = value + offset;
        if (result < 0 && numberBase != 'd')
        {
            throw new DnsFormatException($"$GENERATE value {result} is negative and cannot be written in base '{numberBase}'");
        }

        string digits = numberBase switch
        {
            'd' => result.ToString(CultureInfo.InvariantCulture),
            'o' => Convert.ToString(result, 8),
            'x' => result.ToString("x", CultureInfo.InvariantCulture),
            'X' => result.ToString("X", CultureInfo.InvariantCulture),
            'n' or 'N' => Nibbles(result, width, numberBase == 'N'),
            _ => throw new DnsFormatException($"$GENERATE base in '${{{modifier}}}' is not one of d, o, x, X, n, N"),
        };
        builder.Append(digits.PadLeft(numberBase is 'n' or 'N' ? 0 : width, '0'));
    }

    /// <summary>
    /// Reverse-nibble form (<c>0x1a</c> gives <c>a.1</c>). The width counts characters, dots
    /// included, and pads with <c>0.</c> labels, as BIND's <c>nibbles()</c> does.
    /// </summary>
    private static string Nibbles(long value, int width, bool upper)
    {
        const string Lower = "0123456789abcdef";
        const string Upper = "0123456789ABCDEF";
        var builder = new StringBuilder();
        do
        {
            builder.Append((upper ? Upper : Lower)[(int)(value & 0xF)]);
            value >>= 4;
            if (width > 0)
            {
                width--;
            }

            if (width > 0 || value != 0)
            {
                builder.Append('.');
                if (width > 0)
                {
                    width--;
                }
            }
        }
        while (value != 0 || width > 0);
        return builder.ToString();
    }
}
