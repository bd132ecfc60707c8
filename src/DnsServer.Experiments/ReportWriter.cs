using System.Globalization;
using System.Text;

namespace DnsServer.Experiments;

/// <summary>Writes answers.csv, shares.csv, summary.json and report.html into the output folder.</summary>
internal static class ReportWriter
{
    public static Summary Write(ExperimentResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var summary = Summary.From(result);
        var buckets = Shares.Compute(result.Uses, result.Spec.Clients.Count, result.DurationMs);
        WriteAnswers(result.Uses, Path.Combine(directory, "answers.csv"));
        File.WriteAllText(Path.Combine(directory, "shares.csv"), SharesCsv(buckets, summary.Members));
        File.WriteAllText(Path.Combine(directory, "summary.json"), summary.ToJson());
        File.WriteAllText(Path.Combine(directory, "report.html"), HtmlReport.Render(summary, buckets));
        return summary;
    }

    private static void WriteAnswers(IReadOnlyList<AnswerUse> uses, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine("time_ms,client,address,ttl,from_cache");
        foreach (var use in uses)
        {
            writer.Write(use.TimeMs.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(use.Client.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(use.Address);
            writer.Write(',');
            writer.Write(use.Ttl.ToString(CultureInfo.InvariantCulture));
            writer.Write(use.FromCache ? ",1\n" : ",0\n");
        }
    }

    public static string SharesCsv(IReadOnlyList<ShareBucket> buckets, IReadOnlyList<string> members)
    {
        var text = new StringBuilder("time_ms");
        foreach (var member in members)
        {
            text.Append(',').Append(member);
        }

        text.Append('\n');
        foreach (var bucket in buckets)
        {
            text.Append(bucket.StartMs.ToString(CultureInfo.InvariantCulture));
            foreach (var member in members)
            {
                text.Append(',').Append(bucket.Shares.GetValueOrDefault(member).ToString("0.####", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
