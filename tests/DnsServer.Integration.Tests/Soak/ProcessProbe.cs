using System.Globalization;

namespace DnsServer.Integration.Tests.Soak;

/// <summary>What /proc says about a process and its sockets (Linux).</summary>
internal static class ProcessProbe
{
    /// <summary>TCP state 08 in /proc/net/tcp: the peer closed, this side has not yet.</summary>
    private const string CloseWaitState = "08";

    /// <summary>
    /// Entries of /proc/PID/fd (files, sockets, pipes, epoll and event descriptors) that a leak
    /// would add to: all but the assemblies, symbol files and native libraries the runtime opens
    /// once, when it first needs them (the first stack trace with line numbers opens a .pdb), and
    /// keeps for the life of the process.
    /// </summary>
    public static int LeakableDescriptors(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Count(fd => !IsRuntimeFile(LinkTarget(fd)));

    private static bool IsRuntimeFile(string? target) =>
        target is not null && (target.EndsWith(".dll", StringComparison.Ordinal) || target.EndsWith(".pdb", StringComparison.Ordinal)
            || target.EndsWith(".so", StringComparison.Ordinal) || target.Contains(".so.", StringComparison.Ordinal));

    private static string? LinkTarget(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            // Closed between the listing and the read: it no longer counts either way.
            return null;
        }
    }

    /// <summary>VmRSS of /proc/PID/status, in kB.</summary>
    public static long ResidentKilobytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no VmRSS in /proc/{pid}/status");
    }

    /// <summary>TCP sockets (IPv4 and IPv6) whose local port is <paramref name="port"/> and that are in CLOSE-WAIT.</summary>
    public static int CloseWaitSockets(int port) => TcpSockets(port).Count(state => state == CloseWaitState);

    /// <summary>The state column of every TCP socket with local port <paramref name="port"/>.</summary>
    public static IEnumerable<string> TcpSockets(int port)
    {
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  sl  local_address rem_address   st ...": local_address is HEXADDR:HEXPORT.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4)
                {
                    continue;
                }

                var local = fields[1];
                int localPort = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (localPort == port)
                {
                    yield return fields[3];
                }
            }
        }
    }
}
