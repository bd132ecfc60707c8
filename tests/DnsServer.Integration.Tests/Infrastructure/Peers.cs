using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// The peer programs these tests need. A missing one is always a failure, with or without
/// CI=true: a comparison that did not run must not look like one that passed.
/// </summary>
internal static class Peers
{
    public const string Python = "/usr/bin/python3";

    public static string Require(string program) =>
        PeerProgram.Find(program) ?? throw new InvalidOperationException(NotInstalled(program));

    /// <summary>Debian's python3 with dnspython (python3-dnspython).</summary>
    public static string RequirePython()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException(NotInstalled(Python));
        }

        var probe = PeerProgram.Run(Python, ["-c", "import dns.message, dns.query"], timeout: TimeSpan.FromSeconds(20));
        if (probe.ExitCode != 0)
        {
            throw new InvalidOperationException(NotInstalled("python3-dnspython") + "\n" + probe.StandardError);
        }

        return Python;
    }

    private static string NotInstalled(string program) =>
        $"peer {program} not installed; run ./test.sh as root to install it" +
        (PeerProgram.InCi ? " (CI=true: a missing peer fails the test)" : "");
}
