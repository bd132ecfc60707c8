namespace DnsServer.Experiments.Tests;

public sealed class ExperimentFileTests
{
    [Fact]
    public void Parse_FullFile_ReadsEveryPart()
    {
        var spec = ExperimentFile.Parse("""
            {
              "Name": "www.lab.test.", "Type": "A", "Duration": "00:00:20",
              "Clients": { "Count": 200, "Rate": 10 },
              "Backends": [ { "Address": "127.0.0.22:8080", "Kind": "Tcp" } ],
              "Timeline": [
                { "At": "00:00:05", "Action": "StopBackend", "Target": "127.0.0.22:8080" },
                { "At": "00:00:10", "Action": "Fault", "Member": "web/127.0.0.21", "State": "Down", "For": "00:00:05" }
              ],
              "Expect": { "Ttl": 2, "Interval": "00:00:01", "Fall": 2 }
            }
            """);

        Assert.Equal("127.0.0.1:5300", spec.Server);
        Assert.Equal(TimeSpan.FromMilliseconds(100), spec.Clients.Interval);
        Assert.Equal(ActionKind.Fault, spec.Timeline[1].Action);
        Assert.Equal("fault down web/127.0.0.21 00:00:05", TimelineActions.FaultCommand(spec.Timeline[1]));
        Assert.Equal("127.0.0.22", TimelineActions.MemberAddress(spec.Timeline[0]));
        Assert.Equal("web", TimelineActions.PoolOf(spec.Timeline[1], spec));
        Assert.Equal(ConvergenceKind.Leave, TimelineActions.KindOf(spec.Timeline[1]));
    }

    [Theory]
    [InlineData("""{ "Type": "A" }""", "Name")]
    [InlineData("""{ "Name": "a.", "Clients": { "Count": 0 } }""", "Clients:Count")]
    [InlineData("""{ "Name": "a.", "Timeline": [ { "At": "00:00:01", "Action": "StopBackend", "Target": "127.0.0.9:80" } ] }""", "Timeline:0:Target")]
    [InlineData("""{ "Name": "a.", "Backends": [ { "Address": "10.0.0.1:80" } ] }""", "Backends:0:Address")]
    [InlineData("""{ "Name": "a.", "Timeline": [ { "At": "00:00:01", "Action": "SetWeight", "Member": "web/127.0.0.1", "Weight": 3 } ] }""", "SetWeight needs ConfigFile or Api")]
    [InlineData("""{ "Name": "a.", "Clients": { "Count": 10000, "Rate": 100 }, "Duration": "01:00:00" }""", "answer uses")]
    public void Parse_BadFile_NamesTheKey(string json, string key)
    {
        var exception = Assert.Throws<ExperimentException>(() => ExperimentFile.Parse(json));

        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetWeight_ConfigFile_RewritesMemberWeightAtomically()
    {
        string path = Path.Combine(Path.GetTempPath(), $"exp-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "LoadBalancing": { "Pools": { "web": { "Members": [ { "Address": "127.0.0.21" }, { "Address": "127.0.0.22", "Weight": 1 } ] } } } }""");
        try
        {
            ConfigPools.SetWeight(path, "web", "127.0.0.22", 5);

            string text = File.ReadAllText(path);
            Assert.Contains("\"Weight\": 5", text, StringComparison.Ordinal);
            Assert.False(File.Exists(path + ".experiment.tmp"));
            Assert.Throws<ExperimentException>(() => ConfigPools.SetWeight(path, "web", "127.0.0.99", 1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
