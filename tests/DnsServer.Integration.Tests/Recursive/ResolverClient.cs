using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DnsServer.Integration.Tests.Infrastructure;

namespace DnsServer.Integration.Tests.Recursive;

/// <summary>
/// A stub client (RD set, EDNS 1232, TCP after TC) run by dnspython: one long-lived
/// <c>Scripts/resolver_client.py</c> that reads a request per line, so a query costs no
/// interpreter start. One query at a time; stopped by pid on dispose.
/// </summary>
internal sealed class ResolverClient : IDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private ResolverClient(Process process)
    {
        _process = process;
    }

    public static ResolverClient Start()
    {
        string python = Peers.RequirePython();
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(MiniInternetLayout.Script("resolver_client.py"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start resolver_client.py");
        return new ResolverClient(process);
    }

    /// <summary>Asks <paramref name="server"/> one question; the answer, or one whose Error says why none came.</summary>
    public async Task<ResolverAnswer> AskAsync(IPEndPoint server, string qname, string qtype, TimeSpan? timeout = null)
    {
        var request = JsonSerializer.Serialize(new
        {
            server = new object[] { server.Address.ToString(), server.Port },
            qname,
            qtype,
            timeout = (timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds,
        });
        await _gate.WaitAsync();
        try
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"resolver_client.py exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            await _process.StandardInput.WriteLineAsync(request);
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException($"resolver_client.py stopped answering: {await _process.StandardError.ReadToEndAsync()}");
            return ResolverAnswer.FromJson(qname, qtype, line);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes its input (it exits), and kills it by pid if it is still there after 2 s.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(2000))
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _gate.Dispose();
    }
}
