using System.Globalization;
using System.Text.RegularExpressions;

namespace DnsServer.Api.Tests;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4: every sample belongs to a family declared
/// by # HELP and # TYPE before it, names and labels are well-formed, values parse, no line is left over.
/// </summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Parse(string text)
    {
        var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        var types = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.True(helped.Add(line.Split(' ')[2]), $"second HELP: {line}");
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                types.Add(parts[2], parts[3]);
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            string name = match.Groups["name"].Value;
            string family = types.ContainsKey(name) ? name : SuffixLess(name);
            Assert.True(types.ContainsKey(family), $"sample before its TYPE: {line}");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels.Add(label.Groups["k"].Value, Regex.Unescape(label.Groups["v"].Value));
            }

            string value = match.Groups["value"].Value;
            double number = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, number));
        }

        return samples;
    }

    private static string SuffixLess(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*"(,(?=[a-zA-Z_]))?)*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>([^"\\]|\\.)*)"\,?""")]
    private static partial Regex Label();
}
