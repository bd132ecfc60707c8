using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Startup;

/// <summary><c>dnsserver check-zone FILE [--origin NAME]</c> as a process: exit codes and the error text outside tools read.</summary>
public sealed class CheckZoneTests
{
    [Fact]
    public async Task CheckZone_SampleZone_ExitsZeroWithSummary()
    {
        var (exitCode, standardOutput, standardError) = await ServerProcess.RunToExitAsync(
            ["check-zone", Path.Combine(RepositoryPaths.SampleZones, "example.test.zone")]);

        Assert.True(exitCode == 0, standardError);
        Assert.Contains("example.test.", standardOutput, StringComparison.Ordinal);
        Assert.Contains("OK", standardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckZone_GoodFileWithOriginOption_ExitsZero()
    {
        using var directory = new TempDirectory("check-zone");
        var file = directory.Combine("anything.txt");
        File.WriteAllText(file, "$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 60\n  NS ns1\nns1 A 192.0.2.1\n");

        var (exitCode, standardOutput, standardError) = await ServerProcess.RunToExitAsync(["check-zone", file, "--origin", "lab.test"]);

        Assert.True(exitCode == 0, standardError);
        Assert.Contains("lab.test.", standardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckZone_FileWithErrorsOnKnownLines_ExitsOneNamingFileAndEachLine()
    {
        using var directory = new TempDirectory("check-zone");
        var file = directory.Combine("bad.test.zone");
        File.WriteAllText(file, string.Join('\n',
            "$ORIGIN bad.test.",
            "$TTL 300",
            "@    SOA ns1 hostmaster 1 3600 900 604800 60",
            "     NS  ns1",
            "ns1  A   192.0.2.1",
            "www  A   192.0.2.300",
            "mail MX  ten mail",
            ""));

        var (exitCode, _, standardError) = await ServerProcess.RunToExitAsync(["check-zone", file]);

        Assert.Equal(1, exitCode);
        Assert.Contains(file + ":6", standardError, StringComparison.Ordinal);
        Assert.Contains(file + ":7", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckZone_MissingFile_ExitsOne()
    {
        var (exitCode, _, standardError) = await ServerProcess.RunToExitAsync(["check-zone", "/nonexistent/none.test.zone"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("not found", standardError, StringComparison.Ordinal);
    }
}
