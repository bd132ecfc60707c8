namespace DnsServer.Integration.Tests.LoadBalancing;

/// <summary>The zone the load-balancing tests serve: <c>lab.test.</c>, with a plain A at www that pools replace.</summary>
internal static class LabZone
{
    public const string Origin = "lab.test.";

    public const string Text = """
        $ORIGIN lab.test.
        $TTL 300
        @    SOA ns1 hostmaster 1 3600 900 604800 60
        @    NS  ns1
        ns1  A   127.0.0.1
        www  A   127.0.0.99
        api  A   127.0.0.98
        web  CNAME www
        """;

    /// <summary>Writes <c>lab.test.zone</c> into a new folder under <paramref name="parent"/> and returns the folder.</summary>
    public static string WriteTo(Infrastructure.TempDirectory parent)
    {
        string folder = parent.CreateDirectory("zones");
        File.WriteAllText(Path.Combine(folder, "lab.test.zone"), Text + "\n");
        return folder;
    }
}
