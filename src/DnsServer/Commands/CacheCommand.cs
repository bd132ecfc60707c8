using System.CommandLine;
using DnsServer.Control;

namespace DnsServer.Commands;

/// <summary>
/// <c>dnsserver cache dump</c> and <c>dnsserver cache flush [NAME] [--tree]</c>: the running
/// server's resolver cache, through its control socket in the data folder.
/// </summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "the server's data folder (default ./data)", Recursive = true };

        var dump = new Command("dump", "Print the live cache entries in zone-file form");
        dump.SetAction((result, cancellationToken) => RunAsync(result.GetValue(data), "cache dump", cancellationToken));

        var name = new Argument<string?>("NAME") { Description = "only this name (default: everything)", Arity = ArgumentArity.ZeroOrOne };
        var tree = new Option<bool>("--tree") { Description = "also every name below NAME" };
        var flush = new Command("flush", "Drop cached data: all of it, or one name") { name, tree };
        flush.SetAction((result, cancellationToken) =>
        {
            string? target = result.GetValue(name);
            string command = target is null ? "cache flush" : $"cache flush {target}{(result.GetValue(tree) ? " --tree" : "")}";
            return RunAsync(result.GetValue(data), command, cancellationToken);
        });

        return new Command("cache", "Look at or empty the running server's resolver cache") { data, dump, flush };
    }

    private static async Task<int> RunAsync(string? dataDirectory, string command, CancellationToken cancellationToken)
    {
        var (ok, reply) = await ControlClient.SendAsync(dataDirectory ?? "data", command, cancellationToken).ConfigureAwait(false);
        await (ok ? Console.Out : Console.Error).WriteAsync(reply).ConfigureAwait(false);
        return ok ? 0 : 1;
    }
}
