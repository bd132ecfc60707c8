using System.Globalization;
using System.Net;
using System.Text;
using DnsServer.LoadBalancing;
using DnsServer.LoadBalancing.Events;
using DnsServer.LoadBalancing.Faults;
using DnsServer.LoadBalancing.Health;
using DnsServer.Protocol;
using DnsServer.Protocol.Edns;
using DnsServer.Protocol.Records;

namespace DnsServer.Control;

/// <summary>
/// The control commands of load balancing: <c>pools</c>, <c>events [N]</c>,
/// <c>explain NAME TYPE CLIENT [SUBNET]</c>, <c>fault down|up MEMBER DURATION</c>,
/// <c>fault latency MEMBER DELAY DURATION</c>, <c>fault clear MEMBER</c>, <c>fault list</c>.
/// </summary>
internal sealed class LoadBalancingControl(LoadBalancer balancer, HealthMonitor monitor, FaultInjector faults, EventList events)
{
    public const string Usage = "pools, events [N], explain NAME TYPE CLIENT [SUBNET], fault down|up MEMBER DURATION, fault latency MEMBER DELAY DURATION, fault clear MEMBER, fault list";

    /// <summary>The reply, or null when the words are not a load-balancing command.</summary>
    public string? TryExecute(string[] words)
    {
        try
        {
            return words switch
            {
                ["pools"] => Pools(),
                ["events"] => Events(50),
                ["events", var count] => int.TryParse(count, CultureInfo.InvariantCulture, out int n) && n > 0 ? Events(n) : $"error: '{count}' is not a count\n",
                ["explain", var name, var type, var client] => Explain(name, type, client, null),
                ["explain", var name, var type, var client, var subnet] => Explain(name, type, client, subnet),
                ["fault", "down", var member, var duration] => Inject(member, FaultKind.Down, duration, null),
                ["fault", "up", var member, var duration] => Inject(member, FaultKind.Up, duration, null),
                ["fault", "latency", var member, var delay, var duration] => Inject(member, FaultKind.Latency, duration, delay),
                ["fault", "clear", var member] => $"cleared {faults.Clear(member)} fault(s) on {member}\n",
                ["fault", "list"] => FaultList(),
                _ => null,
            };
        }
        catch (ArgumentException exception)
        {
            return $"error: {exception.Message}\n";
        }
    }

    private string Pools()
    {
        var text = new StringBuilder();
        var model = balancer.Model;
        if (model.Pools.Count == 0)
        {
            return "no pools configured (LoadBalancing:Pools in the configuration file)\n";
        }

        var status = monitor.Status().ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var pool in balancer.Statistics())
        {
            var config = model.FindPool(pool.Pool);
            text.Append(CultureInfo.InvariantCulture, $"pool {pool.Pool} ({config?.Mode}, TTL {config?.Ttl}), {pool.Answers} answers\n");
            foreach (var member in pool.Members)
            {
                string key = $"{pool.Pool}/{member.Address}";
                text.Append(CultureInfo.InvariantCulture, $"  {key,-28} {(member.IsCandidate ? "candidate " : "          ")}");
                if (status.TryGetValue(key, out var health))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{health.Health.ToString().ToLowerInvariant(),-7} since {health.Since:yyyy-MM-ddTHH:mm:ss.fffZ} ");
                    if (health.ActiveFault is { } fault)
                    {
                        text.Append('[').Append(fault).Append("] ");
                    }
                }

                text.Append(CultureInfo.InvariantCulture, $"answers {member.Answers}, observed {member.ObservedShare:P1}, configured {member.ConfiguredShare:P1}\n");
            }
        }

        return text.ToString();
    }

    private string Events(int count)
    {
        var all = events.Snapshot();
        var text = new StringBuilder();
        foreach (var entry in all.Skip(Math.Max(0, all.Count - count)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Sequence} {entry.Time:yyyy-MM-ddTHH:mm:ss.fffZ} +{entry.Elapsed.TotalSeconds:0.000}s {entry.Kind} ");
            if ((entry.Member ?? entry.Pool) is { } subject)
            {
                text.Append(subject).Append(' ');
            }

            text.Append(entry.Message).Append('\n');
        }

        return text.Length == 0 ? "no events yet\n" : text.ToString();
    }

    private string Explain(string nameText, string typeText, string clientText, string? subnetText)
    {
        if (!IPAddress.TryParse(clientText, out var client))
        {
            return $"error: '{clientText}' is not an IP address\n";
        }

        if (!RecordTypeText.TryParse(typeText, out var type))
        {
            return $"error: '{typeText}' is not a record type\n";
        }

        ClientSubnet? subnet = null;
        if (subnetText is not null)
        {
            if (!ClientSubnet.TryParse(subnetText, out var parsed))
            {
                return $"error: '{subnetText}' is not a subnet (e.g. 10.1.0.0/24)\n";
            }

            subnet = parsed;
        }

        DnsName name;
        try
        {
            name = DnsName.Parse(nameText.EndsWith('.') ? nameText : nameText + ".");
        }
        catch (DnsFormatException exception)
        {
            return $"error: {exception.Message}\n";
        }

        return balancer.Explain(name, type, client, subnet).ToString().TrimEnd() + "\n";
    }

    private string Inject(string member, FaultKind kind, string durationText, string? delayText)
    {
        if (!TimeSpan.TryParse(durationText, CultureInfo.InvariantCulture, out var duration) || duration <= TimeSpan.Zero)
        {
            return $"error: '{durationText}' is not a duration\n";
        }

        TimeSpan? delay = null;
        if (delayText is not null)
        {
            if (!TimeSpan.TryParse(delayText, CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
            {
                return $"error: '{delayText}' is not a delay\n";
            }

            delay = parsed;
        }

        var fault = faults.Inject(member, kind, duration, delay);
        return $"{fault}, until {fault.Ends:yyyy-MM-ddTHH:mm:ss.fffZ}\n";
    }

    private string FaultList()
    {
        var active = faults.Active;
        return active.Count == 0 ? "no faults in force\n" : string.Concat(active.Select(f => $"{f}, until {f.Ends:yyyy-MM-ddTHH:mm:ss.fffZ}\n"));
    }
}
