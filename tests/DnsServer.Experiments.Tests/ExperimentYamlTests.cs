namespace DnsServer.Experiments.Tests;

public sealed class ExperimentYamlTests
{
    // A YAML experiment used where the docs' own example is not the point.
    private const string ExampleYaml = """
        Name: www.lab.test.
        Clients: { Count: 200, Rate: 10 }
        Duration: 00:00:20
        """;

    [Fact]
    public void ParseYaml_DocsExample_SameSpecAsJson()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "experiments.md"));
        var fromJson = ExperimentFile.Parse(Block(page, "json"));
        var fromYaml = ExperimentFile.ParseYaml(Block(page, "yaml"));

        Assert.Equal(fromJson with { Backends = [], Timeline = [] }, fromYaml with { Backends = [], Timeline = [] });
        Assert.Equal(fromJson.Backends, fromYaml.Backends);
        Assert.Equal(fromJson.Timeline, fromYaml.Timeline);
        Assert.Equal(TimeSpan.FromSeconds(20), fromYaml.Duration);
        Assert.Equal(200, fromYaml.Clients.Count);
        Assert.Equal(2, fromYaml.Timeline.Count);
    }

    [Fact]
    public void ToJson_PlainScalars_KeepNumbersBooleansAndStrings()
    {
        string json = ExperimentYaml.ToJson("""
            a: 10
            b: -2.5
            c: true
            d: "10"
            e: 00:00:05
            f: 127.0.0.1:5300
            g: ~
            h: !!str 3
            i: 1e3
            """);

        Assert.Equal("""{"a":10,"b":-2.5,"c":true,"d":"10","e":"00:00:05","f":"127.0.0.1:5300","g":null,"h":"3","i":1000}""", json);
    }

    [Theory]
    [InlineData("Name: a.\nColour: red\n", "Colour")]
    [InlineData("Name: a.\nClients:\n  Count: 5\n  Speed: 3\n", "Clients:Speed: The JSON property 'Speed'")]
    [InlineData("Name: a.\nTimeline:\n  - At: soon\n", "Timeline:0:At")]
    [InlineData("Type: A\n", "Name")]
    [InlineData("Name: a.\nBackends:\n  - Address: 10.0.0.1:80\n", "Backends:0:Address")]
    public void ParseYaml_BadKey_NamesTheKey(string yaml, string key)
    {
        var exception = Assert.Throws<ExperimentException>(() => ExperimentFile.ParseYaml(yaml));

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name: a.\nClients: { Count: 5\n", 3)]
    [InlineData("Name: a.\nTimeline:\n  - At: 00:00:01\n   Action: Fault\n", 4)]
    [InlineData("Name: a.\nType: \"A\n", 2)]
    public void ParseYaml_SyntaxError_ReportsLineAndColumn(string yaml, int line)
    {
        var exception = Assert.Throws<ExperimentException>(() => ExperimentFile.ParseYaml(yaml));

        Assert.StartsWith("YAML syntax error at line ", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}, column ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x.yaml", "{ \"Name\": \"a.\" }", true)]
    [InlineData("x.yml", "Name: a.", true)]
    [InlineData("x.json", "// comment\n{ }", false)]
    [InlineData("x.txt", "  \n{ \"Name\": \"a.\" }", false)]
    [InlineData("x", "Name: a.", true)]
    public void IsYaml_ExtensionOrFirstCharacter_ChoosesTheReader(string path, string text, bool yaml)
    {
        Assert.Equal(yaml, ExperimentFile.IsYaml(path, text));
    }

    [Fact]
    public void Load_YamlFile_ReadsItAndPrefixesErrorsWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"exp-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, ExampleYaml);
        try
        {
            Assert.Equal("www.lab.test.", ExperimentFile.Load(path).Name);

            File.WriteAllText(path, "Name: a.\nColour: red\n");
            var exception = Assert.Throws<ExperimentException>(() => ExperimentFile.Load(path));
            Assert.StartsWith(path, exception.Message, StringComparison.Ordinal);
            Assert.Contains("Colour", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The first fenced block of <paramref name="language"/> on the page.</summary>
    private static string Block(string page, string language)
    {
        string fence = $"```{language}\n";
        int start = page.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        Assert.True(start >= fence.Length, $"no {language} block in docs/experiments.md");
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
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
}
