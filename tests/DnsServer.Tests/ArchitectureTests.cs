using System.Reflection;

namespace DnsServer.Tests;

/// <summary>Keeps the dependency direction of ARCHITECTURE.md: each project references only what it may.</summary>
public sealed class ArchitectureTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "DnsServer.Protocol", [] },
        { "DnsServer.Pipeline", ["DnsServer.Protocol"] },
        { "DnsServer.Authoritative", ["DnsServer.Protocol", "DnsServer.Pipeline"] },
        { "DnsServer.Transport", ["DnsServer.Protocol", "DnsServer.Pipeline"] },
        { "DnsServer.Recursive", ["DnsServer.Protocol", "DnsServer.Pipeline"] },
        { "DnsServer.LoadBalancing", ["DnsServer.Protocol", "DnsServer.Pipeline"] },
        { "DnsServer.Experiments", ["DnsServer.Protocol"] },
        { "DnsServer.Storage", ["DnsServer.Protocol", "DnsServer.Pipeline", "DnsServer.Authoritative"] },
        { "DnsServer.Api", ["DnsServer.Protocol", "DnsServer.Pipeline", "DnsServer.Authoritative", "DnsServer.Storage", "DnsServer.Recursive", "DnsServer.LoadBalancing"] },
        { "dnsserver", ["DnsServer.Protocol", "DnsServer.Pipeline", "DnsServer.Authoritative", "DnsServer.Transport", "DnsServer.Recursive", "DnsServer.LoadBalancing", "DnsServer.Storage", "DnsServer.Api", "DnsServer.Experiments"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Project_ReferencesOnlyAllowedProjects(string assemblyName, string[] allowed)
    {
        var assembly = Assembly.Load(assemblyName);

        var ours = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("DnsServer", StringComparison.Ordinal) || n == "dnsserver")
            .ToArray();

        Assert.All(ours, name => Assert.Contains(name, allowed));
    }

    [Fact]
    public void LiteDb_IsReferencedOnlyByStorage()
    {
        string[] others = ["DnsServer.Protocol", "DnsServer.Pipeline", "DnsServer.Authoritative", "DnsServer.Transport", "DnsServer.Recursive", "DnsServer.Api", "dnsserver"];

        Assert.Contains("LiteDB", Assembly.Load("DnsServer.Storage").GetReferencedAssemblies().Select(a => a.Name));
        Assert.All(others, name => Assert.DoesNotContain("LiteDB", Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name)));
    }

    [Fact]
    public void Protocol_UsesNoPackages()
    {
        var references = Assembly.Load("DnsServer.Protocol").GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
