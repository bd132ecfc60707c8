using System.CommandLine;
using DnsServer.Commands;

var root = new RootCommand("dnsserver: an authoritative DNS server for labs, tests and experiments")
{
    ServeCommand.Create(),
    CheckZoneCommand.Create(),
    ReloadCommand.Create(),
    CacheCommand.Create(),
    ExperimentCommand.Create(),
};
foreach (var command in LoadBalancingCommands.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
