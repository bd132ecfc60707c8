using System.Diagnostics;
using DnsServer.Integration.Tests.Soak;

namespace DnsServer.Integration.Tests.Allocation;

/// <summary>
/// dnsperf started in advance behind a shell that waits for one line on its standard input, its
/// report going to a file. Releasing it and waiting for its exit then costs this process next to
/// no allocation, so the bytes counted between <see cref="Release"/> and the end of
/// <see cref="WaitForExitAsync"/> are the server's. Killed by pid on dispose if still running.
/// </summary>
internal sealed class GatedDnsperf : IDisposable
{
    private readonly Process _process;
    private readonly string _reportPath;

    private GatedDnsperf(Process process, string reportPath)
    {
        _process = process;
        _reportPath = reportPath;
    }

    public static GatedDnsperf Start(string dnsperf, DnsperfRequest request, string directory)
    {
        var reportPath = Path.Combine(directory, $"dnsperf-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("read go || exit 99; exec \"$@\" >\"$DNSPERF_REPORT\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(dnsperf);
        foreach (var argument in request.Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DNSPERF_REPORT"] = reportPath;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        return new GatedDnsperf(process, reportPath);
    }

    /// <summary>Lets dnsperf start sending.</summary>
    public void Release()
    {
        _process.StandardInput.WriteLine();
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for dnsperf to finish; false when it still runs at <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The report, once dnsperf has exited.</summary>
    public DnsperfResult Result()
    {
        var report = File.ReadAllText(_reportPath);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dnsperf exited with {_process.ExitCode}:\n{report}");
        }

        return DnsperfResult.Parse(report);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
