using System.Text;
using System.Text.RegularExpressions;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.Pipeline;
using DnsServer.Protocol;
using Microsoft.Extensions.Configuration;

namespace DnsServer.Tests;

/// <summary>
/// Every configuration example in docs/ (a JSON block of configuration.md, or one with a
/// <c>LoadBalancing</c> section) binds into the server's options, and its load-balancing section
/// builds without errors: a page cannot show a configuration the server would refuse. API request
/// and response bodies are other JSON blocks and are not configuration.
/// </summary>
public sealed partial class DocumentationExampleTests
{
    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            var blocks = JsonBlock().Matches(File.ReadAllText(page));
            for (int index = 0; index < blocks.Count; index++)
            {
                string json = blocks[index].Groups["json"].Value;
                if (Path.GetFileName(page) == "configuration.md" || json.Contains("\"LoadBalancing\"", StringComparison.Ordinal)
                    || json.Contains("\"Transfers\"", StringComparison.Ordinal))
                {
                    data.Add(Path.GetFileName(page), index);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void JsonExample_InDocs_BindsAndBuilds(string page, int index)
    {
        string json = JsonBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", page)))[index].Groups["json"].Value;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

        var options = new Configuration.ServerOptions();
        configuration.Bind(options);
        var balancing = new LoadBalancingOptions();
        configuration.GetSection("LoadBalancing").Bind(balancing);
        var result = LoadBalancingModelBuilder.Build(balancing, new LabZones());
        _ = new Authoritative.Transfers.TransferPolicy(options.Transfers, options.TsigKeys);

        Assert.True(result.Errors.Count == 0, $"{page} example {index}:\n{string.Join('\n', result.Errors)}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DnsServer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DnsServer.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```json\\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    /// <summary>The zones the examples use: <c>lab.test.</c> and <c>example.test.</c>.</summary>
    private sealed class LabZones : IZoneDirectory
    {
        private static readonly DnsName[] Origins = [DnsName.Parse("lab.test."), DnsName.Parse("example.test.")];

        public DnsName? FindZone(DnsName name) => Origins.FirstOrDefault(name.IsSubdomainOf);

        public bool TryGetNegativeSoa(ReadOnlySpan<byte> lowerName, out ResponseRRset soa)
        {
            soa = default;
            return false;
        }
    }
}
