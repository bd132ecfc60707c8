using System.Diagnostics;
using Xunit.Abstractions;

namespace DnsServer.Tests.Shared;

/// <summary>
/// Finds and runs the peer programs tests compare against (named-checkzone, kzonecheck, kdig,
/// nsd, …; Debian packages on the test machine). A missing program fails the test in CI
/// (<c>CI=true</c>), so a broken image cannot pass silently; elsewhere the test notes it in its
/// output and returns early.
/// </summary>
internal static class PeerProgram
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"];

    /// <summary>True when the tests run in CI, where every peer program must be installed.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The full path of <paramref name="name"/>. When it is missing: fails in CI; otherwise writes
    /// a note to <paramref name="output"/> and returns null, and the caller returns.
    /// </summary>
    public static string? Require(string name, ITestOutputHelper? output = null)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        string message = $"peer program '{name}' is not installed (PATH and sbin searched); install its Debian package to run this comparison";
        if (InCi)
        {
            Assert.Fail(message + " — CI=true, so a missing peer is a failure");
        }

        output?.WriteLine("NOT RUN: " + message);
        return null;
    }

    /// <summary>The full path of the first of <paramref name="names"/> that is installed, or null.</summary>
    public static string? Find(params string[] names)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories);
        foreach (var name in names)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs a program to completion and returns its exit code and output.</summary>
    public static PeerResult Run(string path, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not finish in time");
        }

        return new PeerResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

/// <summary>What a peer program did: exit code and output.</summary>
internal sealed record PeerResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
