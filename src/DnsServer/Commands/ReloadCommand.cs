using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

namespace DnsServer.Commands;

/// <summary><c>dnsserver reload</c>: asks the running server (found by its pid file) to reload its zone files.</summary>
internal static partial class ReloadCommand
{
    private const int SigHup = 1;

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "the server's data folder (default ./data)" };
        var command = new Command("reload", "Reload the zone files of the running server (sends it SIGHUP)") { data };
        command.SetAction(result => Run(result.GetValue(data) ?? "data"));
        return command;
    }

    private static int Run(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, PidFile.FileName);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"dnsserver: no running server found ({path} does not exist)");
            return 1;
        }

        if (!int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || OperatingSystem.IsWindows() || Kill(pid, SigHup) != 0)
        {
            Console.Error.WriteLine($"dnsserver: could not signal the server named in {path}");
            return 1;
        }

        Console.WriteLine($"reload requested from process {pid}");
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
