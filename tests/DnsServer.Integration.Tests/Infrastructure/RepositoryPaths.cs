namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>Where the repository, its sample zones and the built server are, seen from the test output folder.</summary>
internal static class RepositoryPaths
{
    public const string ServerAssemblyName = "dnsserver.dll";

    /// <summary>The folder that holds DnsServer.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The repository's zones/ folder, as a new user serves it.</summary>
    public static string SampleZones => Path.Combine(Root, "zones");

    /// <summary>Files copied next to the tests (Scripts/, Zones/).</summary>
    public static string TestFile(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);

    /// <summary>
    /// The built server. The test project references src/DnsServer, so the build copies
    /// dnsserver.dll with its runtimeconfig.json and deps.json into the test output folder in
    /// whatever configuration <c>dotnet test</c> runs; the project's own bin folder is the fallback.
    /// </summary>
    public static string ServerAssembly { get; } = FindServer();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DnsServer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"DnsServer.sln not found above {AppContext.BaseDirectory}");
    }

    private static string FindServer()
    {
        var nextToTests = Path.Combine(AppContext.BaseDirectory, ServerAssemblyName);
        if (File.Exists(nextToTests) && File.Exists(Path.ChangeExtension(nextToTests, ".runtimeconfig.json")))
        {
            return nextToTests;
        }

        var built = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(Root, "src", "DnsServer", "bin", configuration, "net10.0", ServerAssemblyName))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        return built ?? throw new InvalidOperationException(
            $"{ServerAssemblyName} not found next to the tests or under src/DnsServer/bin; build the solution first");
    }
}
