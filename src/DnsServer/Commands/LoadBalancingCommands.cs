using System.CommandLine;
using System.Net;
using DnsServer.Control;

namespace DnsServer.Commands;

/// <summary>
/// The load-balancing verbs, sent to the running server's control socket: <c>pools</c>,
/// <c>events</c>, <c>explain</c> and <c>fault</c> (docs/load-balancing.md).
/// </summary>
internal static class LoadBalancingCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Pools();
        yield return Events();
        yield return Explain();
        yield return Fault();
    }

    private static Option<string> DataOption() =>
        new("--data") { Description = "the server's data folder (default ./data)", Recursive = true };

    private static Command Pools()
    {
        var data = DataOption();
        var command = new Command("pools", "Print each pool: members, health, configured and observed shares") { data };
        command.SetAction((result, token) => SendAsync(result.GetValue(data), "pools", token));
        return command;
    }

    private static Command Events()
    {
        var data = DataOption();
        var count = new Option<int>("--count") { Description = "how many of the newest events (default 50)", DefaultValueFactory = _ => 50 };
        var command = new Command("events", "Print recent health transitions, answer-set changes and faults, oldest first") { data, count };
        command.SetAction((result, token) => SendAsync(result.GetValue(data), $"events {Math.Max(1, result.GetValue(count))}", token));
        return command;
    }

    private static Command Explain()
    {
        var data = DataOption();
        var name = new Argument<string>("NAME") { Description = "the name asked, e.g. www.lab.test." };
        var type = new Argument<string>("TYPE") { Description = "A or AAAA", DefaultValueFactory = _ => "A" };
        var client = new Option<string>("--client") { Description = "the client's address", Required = true };
        var ecs = new Option<string?>("--ecs") { Description = "an EDNS Client Subnet the query carries, e.g. 10.1.0.0/24" };
        var command = new Command("explain", "Show which answer a client gets now, and why (region, weights, health)") { data, name, type, client, ecs };
        command.Validators.Add(result =>
        {
            if (result.GetValue(client) is { } text && !IPAddress.TryParse(text, out _))
            {
                result.AddError($"--client: '{text}' is not an IP address");
            }
        });
        command.SetAction((result, token) =>
        {
            string line = $"explain {result.GetValue(name)} {result.GetValue(type)} {result.GetValue(client)}";
            if (result.GetValue(ecs) is { } subnet)
            {
                line += " " + subnet;
            }

            return SendAsync(result.GetValue(data), line, token);
        });
        return command;
    }

    private static Command Fault()
    {
        var data = DataOption();
        var command = new Command("fault", "Force a pool member down or up, or slow its checks, for a while; it expires by itself") { data };
        command.Subcommands.Add(ForcedState("down", "Force MEMBER down (its answers stop) for the duration", data));
        command.Subcommands.Add(ForcedState("up", "Force MEMBER up whatever its checks say, for the duration", data));

        var member = MemberArgument();
        var delay = new Argument<string>("DELAY") { Description = "latency added to each check, e.g. 300ms" };
        var duration = DurationOption();
        var latency = new Command("latency", "Add DELAY to MEMBER's health checks for the duration (a gray failure once past MaxLatency)") { member, delay, duration };
        latency.SetAction((result, token) =>
            !TryDuration(result.GetValue(delay)!, "DELAY", out var added) || !TryDuration(result.GetValue(duration)!, "--for", out var length)
                ? Task.FromResult(2)
                : SendAsync(result.GetValue(data), $"fault latency {result.GetValue(member)} {DurationText.Format(added)} {DurationText.Format(length)}", token));
        command.Subcommands.Add(latency);

        var clearMember = MemberArgument();
        var clear = new Command("clear", "End MEMBER's faults now") { clearMember };
        clear.SetAction((result, token) => SendAsync(result.GetValue(data), $"fault clear {result.GetValue(clearMember)}", token));
        command.Subcommands.Add(clear);

        var list = new Command("list", "Print the faults in force");
        list.SetAction((result, token) => SendAsync(result.GetValue(data), "fault list", token));
        command.Subcommands.Add(list);
        return command;
    }

    private static Command ForcedState(string state, string description, Option<string> data)
    {
        var member = MemberArgument();
        var duration = DurationOption();
        var command = new Command(state, description) { member, duration };
        command.SetAction((result, token) =>
            TryDuration(result.GetValue(duration)!, "--for", out var length)
                ? SendAsync(result.GetValue(data), $"fault {state} {result.GetValue(member)} {DurationText.Format(length)}", token)
                : Task.FromResult(2));
        return command;
    }

    private static Argument<string> MemberArgument() =>
        new("MEMBER") { Description = "pool/address (e.g. web/127.0.0.22), or an address for every pool it is in" };

    private static Option<string> DurationOption() =>
        new("--for") { Description = "how long, e.g. 30s, 2m (default 60s)", DefaultValueFactory = _ => "60s" };

    private static bool TryDuration(string text, string what, out TimeSpan duration)
    {
        if (DurationText.TryParse(text, out duration))
        {
            return true;
        }

        Console.Error.WriteLine($"dnsserver: {what}: '{text}' is not a duration (e.g. 500ms, 30s, 2m)");
        return false;
    }

    private static async Task<int> SendAsync(string? dataDirectory, string command, CancellationToken cancellationToken)
    {
        var (ok, reply) = await ControlClient.SendAsync(dataDirectory ?? "data", command, cancellationToken).ConfigureAwait(false);
        await (ok ? Console.Out : Console.Error).WriteAsync(reply).ConfigureAwait(false);
        return ok ? 0 : 1;
    }
}
