using System.Net;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// A program the tests start: output captured line by line, stopped by its pid with a signal,
/// and killed on dispose if it is still running, so no test leaves a process behind.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    public const int SigHup = 1;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardError = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly object _lock = new();

    private ChildProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and standard error, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _standardOutput.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _standardError.ToString();
            }
        }
    }

    public static ChildProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, program + " " + string.Join(' ', start.ArgumentList));
        process.OutputDataReceived += (_, e) => child.Append(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends a signal to the process by its pid.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the exit and for the last output lines; false when it is still running.</summary>
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

    /// <summary>Waits until a line of output contains <paramref name="text"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return Output.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Stops it by pid: SIGTERM, then SIGKILL (in <see cref="Dispose"/>) if it lingers past 5 s.</summary>
    public void Terminate()
    {
        try
        {
            Signal(SigTerm);
            WaitForExitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
        }

        Dispose();
    }

    /// <summary>Waits until the server at <paramref name="endpoint"/> answers each zone's SOA with NOERROR, or fails with why.</summary>
    public async Task WaitForZonesAsync(IPEndPoint endpoint, IEnumerable<string> origins, string name, TimeSpan timeout, Func<string>? exitHint = null)
    {
        var deadline = Stopwatch.StartNew();
        var pending = origins.ToList();
        while (pending.Count > 0)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {ExitCode} while starting{exitHint?.Invoke()}:\n{this}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} did not load {string.Join(", ", pending)} within {timeout}:\n{this}");
            }

            var response = await DnsExchange.UdpAsync(endpoint, WireQuery.Build(0x5EED, pending[0], WireQuery.TypeSoa), TimeSpan.FromMilliseconds(200));
            if (response is not null && WireQuery.RcodeName(response) == "NOERROR" && WireQuery.AnswerCount(response) == 1)
            {
                pending.RemoveAt(0);
            }
            else
            {
                await Task.Delay(50);
            }
        }
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

    public override string ToString() => $"{Description} (pid {_process.Id})\n{Output}";

    private void Append(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
            (error ? _standardError : _standardOutput).AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
