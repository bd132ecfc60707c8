using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace DnsServer.Experiments;

/// <summary>
/// Carries out the timeline's actions: backends the tool runs, faults through the control
/// socket, weights through the configuration file or the HTTP API.
/// </summary>
internal sealed class TimelineActions(ExperimentSpec spec, IReadOnlyDictionary<string, BackendHost> backends, ControlChannel control, HttpClient? http)
{
    /// <summary>The member address an action concerns: the backend's address, or the part of Member after the slash.</summary>
    public static string? MemberAddress(ActionSpec action) => action.Action switch
    {
        ActionKind.StopBackend or ActionKind.StartBackend => Endpoints.TryParse(action.Target, 0, out var endpoint) ? endpoint!.Address.ToString() : action.Target,
        _ => action.Member is { } member ? member[(member.IndexOf('/', StringComparison.Ordinal) + 1)..] : null,
    };

    /// <summary>The pool an action names (<c>pool/address</c>), else the experiment's <c>Pool</c>.</summary>
    public static string? PoolOf(ActionSpec action, ExperimentSpec spec) =>
        action.Member is { } member && member.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? member[..slash] : spec.Pool;

    public static ConvergenceKind KindOf(ActionSpec action) =>
        action.Action == ActionKind.StopBackend || (action.Action == ActionKind.Fault && action.State == "Down")
            ? ConvergenceKind.Leave
            : ConvergenceKind.Refresh;

    public static string Label(ActionSpec action) => action.Action switch
    {
        ActionKind.StopBackend or ActionKind.StartBackend => $"{action.Action} {action.Target}",
        ActionKind.Fault => $"Fault {action.State} {action.Member} for {action.For.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s",
        ActionKind.ClearFault => $"ClearFault {action.Member}",
        _ => $"SetWeight {action.Member} = {action.Weight.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>Runs the action; the error text when it failed (the experiment goes on and the report shows it).</summary>
    public async Task<string?> RunAsync(ActionSpec action, CancellationToken cancellationToken)
    {
        try
        {
            switch (action.Action)
            {
                case ActionKind.StopBackend:
                    backends[action.Target!].Stop();
                    break;
                case ActionKind.StartBackend:
                    backends[action.Target!].Start();
                    break;
                case ActionKind.Fault:
                    await control.SendAsync(FaultCommand(action), cancellationToken).ConfigureAwait(false);
                    break;
                case ActionKind.ClearFault:
                    await control.SendAsync($"fault clear {action.Member}", cancellationToken).ConfigureAwait(false);
                    break;
                case ActionKind.SetWeight:
                    await SetWeightAsync(action, cancellationToken).ConfigureAwait(false);
                    break;
            }

            return null;
        }
        catch (Exception exception) when (exception is ExperimentException or IOException or HttpRequestException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return exception.Message;
        }
    }

    public static string FaultCommand(ActionSpec action)
    {
        string length = action.For.ToString("c", CultureInfo.InvariantCulture);
        return action.State == "Latency"
            ? $"fault latency {action.Member} {action.Delay.ToString("c", CultureInfo.InvariantCulture)} {length}"
            : $"fault {action.State.ToLowerInvariant()} {action.Member} {length}";
    }

    private async Task SetWeightAsync(ActionSpec action, CancellationToken cancellationToken)
    {
        string address = MemberAddress(action)!;
        string? pool = PoolOf(action, spec);
        if (spec.ConfigFile is { } path)
        {
            ConfigPools.SetWeight(path, pool, address, action.Weight);
            return;
        }

        if (http is null || pool is null)
        {
            throw new ExperimentException("SetWeight through the API needs Api and a pool (Member as pool/address, or Pool)");
        }

        var uri = new Uri($"/api/pools/{Uri.EscapeDataString(pool)}/members/{Uri.EscapeDataString(address)}", UriKind.Relative);
        using var response = await http.PutAsJsonAsync(uri, new { weight = action.Weight }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ExperimentException($"PUT {http.BaseAddress}{uri.OriginalString.TrimStart('/')} answered 404: this server has no pool API (or no such pool or member); give ConfigFile to change the weight through the configuration file instead");
        }

        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ExperimentException($"PUT {uri} answered {(int)response.StatusCode}: {body.Trim()}");
        }
    }
}
