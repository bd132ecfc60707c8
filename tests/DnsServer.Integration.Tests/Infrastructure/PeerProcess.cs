namespace DnsServer.Integration.Tests.Infrastructure;

/// <summary>
/// A peer program a test runs (NSD, Knot, BIND as server, secondary or primary): its process and
/// the temporary folder with its configuration; on dispose the process is stopped by its pid
/// (SIGTERM, then SIGKILL) and the folder deleted.
/// </summary>
internal abstract class PeerProcess(ChildProcess process, TempDirectory folder) : IDisposable
{
    protected ChildProcess Process { get; } = process;

    protected TempDirectory Folder { get; } = folder;

    public int Pid => Process.Pid;

    public string Output => Process.Output;

    public void Dispose()
    {
        Process.Terminate();
        Folder.Dispose();
    }
}
