using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DnsServer.Experiments;

/// <summary>
/// Turns a YAML experiment file into the JSON <see cref="ExperimentFile"/> reads, so that both
/// forms pass the same strict validation. Only untagged plain scalars that YAML 1.2's core schema
/// reads as numbers, booleans or null become such; everything else (<c>00:00:05</c>,
/// <c>127.0.0.1:5300</c>, quoted or tagged scalars) stays a string.
/// </summary>
internal static partial class ExperimentYaml
{
    /// <summary>Bounds the nodes written, so aliases cannot expand a small file into a huge one.</summary>
    private const int MaxNodes = 100_000;

    private const int MaxDepth = 64;

    /// <summary>Converts <paramref name="yaml"/> to JSON text.</summary>
    /// <exception cref="ExperimentException">The YAML is malformed; the message gives line and column.</exception>
    public static string ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new ExperimentException(SyntaxMessage(exception));
        }

        if (stream.Documents.Count == 0)
        {
            throw new ExperimentException("the experiment file is empty");
        }

        if (stream.Documents.Count > 1)
        {
            var start = stream.Documents[1].RootNode.Start;
            throw new ExperimentException($"YAML at line {start.Line}, column {start.Column}: one document expected, found a second");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            int nodes = 0;
            Write(writer, stream.Documents[0].RootNode, 0, ref nodes);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, int depth, ref int nodes)
    {
        if (++nodes > MaxNodes || depth > MaxDepth)
        {
            throw new ExperimentException($"YAML at line {node.Start.Line}, column {node.Start.Column}: more than {MaxNodes} nodes or {MaxDepth} levels");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new ExperimentException($"YAML at line {key.Start.Line}, column {key.Start.Column}: a key must be a plain name");
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value, depth + 1, ref nodes);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, depth + 1, ref nodes);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new ExperimentException($"YAML at line {node.Start.Line}, column {node.Start.Column}: unsupported node");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    private static string SyntaxMessage(YamlException exception)
    {
        // YamlException's message starts with "(Line: L, Col: C, Idx: I) - (…): "; keep only the cause.
        string cause = exception.InnerException?.Message ?? exception.Message;
        int separator = cause.IndexOf("): ", StringComparison.Ordinal);
        if (cause.StartsWith('(') && separator >= 0)
        {
            cause = cause[(separator + 3)..];
        }

        return $"YAML syntax error at line {exception.Start.Line}, column {exception.Start.Column}: {cause}";
    }

    /// <summary>YAML 1.2 core schema integers (decimal only).</summary>
    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    /// <summary>YAML 1.2 core schema floats, without the infinities and NaN that JSON cannot hold.</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
