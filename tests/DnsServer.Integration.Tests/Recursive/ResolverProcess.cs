using System.Diagnostics;
using System.Net;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// A resolver under test running as a child process in its own temporary folder: started, polled
/// until it answers, stopped by pid (SIGTERM, SIGKILL after 5 s) and its folder removed.
/// </summary>
internal abstract class ResolverProcess : IDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDirectory _directory;
    private readonly string _name;

    protected ResolverProcess(ChildProcess process, TempDirectory directory, IPEndPoint endpoint, string name)
    {
        _process = process;
        _directory = directory;
        _name = name;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    protected ChildProcess Process => _process;

    protected TempDirectory Directory => _directory;

    /// <summary>Waits until <paramref name="resolver"/> answers; disposes it when it never does.</summary>
    protected static async Task<T> StartedAsync<T>(T resolver, TimeSpan timeout, TimeSpan pollInterval)
        where T : ResolverProcess
    {
        try
        {
            await resolver.WaitUntilAnsweringAsync(timeout, pollInterval);
            return resolver;
        }
        catch
        {
            resolver.Dispose();
            throw;
        }
    }

    /// <summary>What to say when the process exits before it answers.</summary>
    protected abstract string ExitedWhileStarting();

    /// <summary>Up when a query with RD clear gets any response.</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, TimeSpan pollInterval)
    {
        var deadline = Stopwatch.StartNew();
        var probe = WireQuery.Build(0x5EED, "localhost.", WireQuery.TypeA);
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(ExitedWhileStarting());
            }

            if (await DnsExchange.UdpAsync(Endpoint, probe, TimeSpan.FromMilliseconds(200)) is not null)
            {
                return;
            }

            await Task.Delay(pollInterval);
        }

        throw new TimeoutException($"{_name} did not answer on {Endpoint} within {timeout}:\n{_process}");
    }

    public void Dispose()
    {
        _process.Terminate();
        _directory.Dispose();
    }

    public override string ToString() => $"{_name} on {Endpoint}, pid {Pid}";
}
