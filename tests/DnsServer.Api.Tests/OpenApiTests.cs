namespace DnsServer.Api.Tests;

/// <summary>The OpenAPI document served is the one checked in as docs/openapi.json.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_Served_EqualsCheckedIn()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(withKey: false);

        var served = await client.GetStringAsync("/openapi.json");

        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(path, served.ReplaceLineEndings("\n") + "\n");
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd(), served.ReplaceLineEndings("\n").TrimEnd());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DnsServer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DnsServer.sln not found above the test folder");
    }
}
