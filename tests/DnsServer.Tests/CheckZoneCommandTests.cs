using System.CommandLine;
using DnsServer.Commands;

namespace DnsServer.Tests;

/// <summary>check-zone as outside tools call it: exit codes and what it prints.</summary>
[Collection("Console")]
public sealed class CheckZoneCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dnsserver-checkzone-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var root = new RootCommand { CheckZoneCommand.Create() };
            int exit = root.Parse(args).Invoke();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void GoodZone_ExitZeroWithSummary()
    {
        var path = Write("lab.test.zone", """
            $TTL 1h
            @   SOA ns1 host 2026010101 1h 10m 1w 5m
                NS  ns1
            ns1 A   192.0.2.1
            www A   192.0.2.2
            """);

        var (exit, output, _) = Run("check-zone", path);

        Assert.Equal(0, exit);
        Assert.Contains("zone lab.test.: OK, serial 2026010101, 4 records, 3 names", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadZone_ExitOneWithLineNumberedErrors()
    {
        var path = Write("bad.test.zone", """
            $TTL 1h
            @   SOA ns1 host 1 1h 10m 1w 5m
                NS  ns1
            ns1 A   192.0.2.1
            mx  MX  ten mail
            www CNAME ns1
            www A   192.0.2.9
            """);

        var (exit, _, error) = Run("check-zone", path);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:5: MX preference is not a number", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:", error, StringComparison.Ordinal);
        Assert.Contains("CNAME", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OriginOption_OverridesFileName()
    {
        var path = Write("anything.txt", """
            @   3600 SOA ns1 host 1 1h 10m 1w 5m
                3600 NS  ns1.example.net.
            """);

        var (exit, output, _) = Run("check-zone", path, "--origin", "example.org");

        Assert.Equal(0, exit);
        Assert.Contains("zone example.org.: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RootZoneFile_OriginIsRoot()
    {
        var path = Write("root.zone", """
            .   86400 SOA a.root-servers.test. nstld.test. 1 1800 900 604800 86400
            .   86400 NS  a.root-servers.test.
            a.root-servers.test. 86400 A 192.0.2.53
            """);

        var (exit, output, _) = Run("check-zone", path);

        Assert.Equal(0, exit);
        Assert.Contains("zone .: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_ExitOne()
    {
        var (exit, _, error) = Run("check-zone", Path.Combine(_directory, "missing.zone"));

        Assert.Equal(1, exit);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }
}
