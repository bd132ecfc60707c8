using System.Globalization;
using System.Text;

namespace DnsServer.Pipeline.Diagnostics;

/// <summary>
/// Writes metrics in the Prometheus text exposition format (version 0.0.4): a <c># HELP</c> and a
/// <c># TYPE</c> line per metric family, then one line per sample, label values escaped.
/// </summary>
public sealed class MetricsWriter
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts a family: <paramref name="type"/> is <c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public MetricsWriter Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample; <paramref name="labels"/> are name/value pairs.</summary>
    public MetricsWriter Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                _text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
