using System.Text.Json;
using System.Text.Json.Serialization;

namespace DnsServer.Experiments;

/// <summary>An experiment as its JSON or YAML file describes it (docs/experiments.md lists every key).</summary>
internal sealed record ExperimentSpec
{
    /// <summary>The server asked: <c>ADDRESS:PORT</c>.</summary>
    public string Server { get; init; } = "127.0.0.1:5300";

    /// <summary>The name asked (made absolute when it lacks the final dot).</summary>
    public string Name { get; init; } = "";

    /// <summary><c>A</c> or <c>AAAA</c>.</summary>
    public string Type { get; init; } = "A";

    public ClientsSpec Clients { get; init; } = new();

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between starting the backends and starting the clients (time 0).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public IReadOnlyList<BackendSpec> Backends { get; init; } = [];

    public IReadOnlyList<ActionSpec> Timeline { get; init; } = [];

    /// <summary>The server's control socket; default <c>DATA/control.sock</c> with <c>--data</c>, else <c>data/control.sock</c>.</summary>
    public string? ControlSocket { get; init; }

    /// <summary>The server's JSON configuration file: read for TTL and check thresholds, rewritten by <c>SetWeight</c>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The server's HTTP API base address, for <c>SetWeight</c> without <see cref="ConfigFile"/>.</summary>
    public string? Api { get; init; }

    /// <summary>The pool the members are in; default the only pool of <see cref="ConfigFile"/>, or the pool in <c>Member</c>.</summary>
    public string? Pool { get; init; }

    /// <summary>The thresholds to show beside the measurements when no configuration file says them.</summary>
    public ExpectSpec? Expect { get; init; }

    /// <summary>How long a query waits for its response before it counts as lost.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>UDP sockets the clients share.</summary>
    public int Sockets { get; init; } = 4;
}

/// <summary>The simulated clients.</summary>
internal sealed record ClientsSpec
{
    public int Count { get; init; } = 100;

    /// <summary>Time between two uses of the answer by one client; <see cref="Rate"/> sets it as 1/Rate.</summary>
    public TimeSpan? QueryInterval { get; init; }

    /// <summary>Uses of the answer per second per client.</summary>
    public double? Rate { get; init; }

    /// <summary>A resolver to ask (with RD set) instead of the server.</summary>
    public string? Resolver { get; init; }

    public TimeSpan Interval => QueryInterval ?? (Rate is > 0 ? TimeSpan.FromSeconds(1 / Rate.Value) : TimeSpan.FromMilliseconds(100));
}

/// <summary>A backend the tool runs itself: a TCP listener that also answers HTTP with 200.</summary>
internal sealed record BackendSpec
{
    /// <summary><c>ADDRESS:PORT</c> on loopback.</summary>
    public string Address { get; init; } = "";

    /// <summary><c>Tcp</c> (accept and close) or <c>Http</c> (answer 200).</summary>
    public string Kind { get; init; } = "Http";

    /// <summary>Whether it listens from the start.</summary>
    public bool Started { get; init; } = true;
}

/// <summary>One step of the timeline.</summary>
internal sealed record ActionSpec
{
    public TimeSpan At { get; init; }

    public ActionKind Action { get; init; }

    /// <summary>StopBackend/StartBackend: the backend's <c>ADDRESS:PORT</c>.</summary>
    public string? Target { get; init; }

    /// <summary>Fault/ClearFault/SetWeight: <c>pool/address</c> or an address.</summary>
    public string? Member { get; init; }

    /// <summary>Fault: <c>Down</c>, <c>Up</c> or <c>Latency</c>.</summary>
    public string State { get; init; } = "Down";

    /// <summary>Fault: how long it lasts.</summary>
    public TimeSpan For { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Fault with State Latency: the delay added to each check.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>SetWeight: the new weight.</summary>
    public int Weight { get; init; }
}

/// <summary>What a timeline step does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionKind>))]
internal enum ActionKind
{
    StopBackend,
    StartBackend,
    Fault,
    ClearFault,
    SetWeight,
}

/// <summary>The TTL and health-check thresholds that bound convergence.</summary>
internal sealed record ExpectSpec
{
    public double? Ttl { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public int? Fall { get; init; }

    public int? Rise { get; init; }

    public double? Jitter { get; init; }
}

/// <summary>Reads experiment files.</summary>
internal static class ExperimentFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static ExperimentSpec Parse(string json)
    {
        var spec = JsonSerializer.Deserialize<ExperimentSpec>(json, Options) ?? throw new ExperimentException("the experiment file is empty");
        Validate(spec);
        return spec;
    }

    /// <summary>Reads a YAML experiment file: converted to JSON, then read and checked as <see cref="Parse"/> does.</summary>
    public static ExperimentSpec ParseYaml(string yaml)
    {
        try
        {
            return Parse(ExperimentYaml.ToJson(yaml));
        }
        catch (JsonException exception)
        {
            // The line and byte position would point into the converted JSON, not the YAML; the path names the key.
            throw new ExperimentException($"{KeyOf(exception.Path)}: {WithoutPosition(exception.Message)}");
        }
    }

    public static ExperimentSpec Load(string path)
    {
        string text = File.ReadAllText(path);
        try
        {
            return IsYaml(path, text) ? ParseYaml(text) : Parse(text);
        }
        catch (Exception exception) when (exception is JsonException or ExperimentException)
        {
            throw new ExperimentException($"{path}: {exception.Message}");
        }
    }

    /// <summary><c>.yaml</c> and <c>.yml</c> are YAML, <c>.json</c> is JSON; any other file is YAML unless it starts with <c>{</c>.</summary>
    public static bool IsYaml(string path, string text)
    {
        string extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            || !text.TrimStart().StartsWith('{');
    }

    /// <summary>A JSON path such as <c>$.Timeline[0].At</c> as the key the other messages use: <c>Timeline:0:At</c>.</summary>
    internal static string KeyOf(string? jsonPath)
    {
        string key = (jsonPath ?? "$").TrimStart('$').Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return key.Length == 0 ? "(top level)" : key.TrimStart('.').Replace('.', ':');
    }

    private static string WithoutPosition(string message)
    {
        int position = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return position >= 0 ? message[..position] : message;
    }

    private static void Validate(ExperimentSpec spec)
    {
        Require(spec.Name.Length > 0, "Name: required (the name the clients ask)");
        Require(spec.Type is "A" or "AAAA", $"Type: '{spec.Type}' is not A or AAAA");
        Require(spec.Clients.Count is >= 1 and <= ExperimentLimits.MaxClients, $"Clients:Count: must be 1 to {ExperimentLimits.MaxClients}");
        Require(spec.Clients.Interval >= ExperimentLimits.MinInterval, $"Clients: QueryInterval must be at least {ExperimentLimits.MinInterval.TotalMilliseconds} ms (Rate at most 100)");
        Require(spec.Duration > TimeSpan.Zero && spec.Duration <= ExperimentLimits.MaxDuration, $"Duration: must be more than 0 and at most {ExperimentLimits.MaxDuration}");
        Require(spec.Clients.Count * (spec.Duration / spec.Clients.Interval) <= ExperimentLimits.MaxUses, $"Clients and Duration: more than {ExperimentLimits.MaxUses} answer uses (Count × Duration / QueryInterval); shorten the run or slow the clients");
        Require(spec.Warmup >= TimeSpan.Zero && spec.Warmup <= TimeSpan.FromMinutes(5), "Warmup: must be 0 to 5 minutes");
        Require(spec.Sockets is >= 1 and <= 64, "Sockets: must be 1 to 64");
        Require(spec.QueryTimeout > TimeSpan.Zero && spec.QueryTimeout <= TimeSpan.FromSeconds(30), "QueryTimeout: must be more than 0 and at most 30 s");
        Require(Endpoints.TryParse(spec.Server, 53, out _), $"Server: '{spec.Server}' is not ADDRESS:PORT");
        Require(spec.Clients.Resolver is null || Endpoints.TryParse(spec.Clients.Resolver, 53, out _), $"Clients:Resolver: '{spec.Clients.Resolver}' is not ADDRESS[:PORT]");
        for (int i = 0; i < spec.Backends.Count; i++)
        {
            var backend = spec.Backends[i];
            Require(Endpoints.TryParse(backend.Address, 0, out var endpoint) && System.Net.IPAddress.IsLoopback(endpoint!.Address) && endpoint.Port > 0, $"Backends:{i}:Address: '{backend.Address}' is not a loopback ADDRESS:PORT");
            Require(backend.Kind is "Tcp" or "Http", $"Backends:{i}:Kind: '{backend.Kind}' is not Tcp or Http");
        }

        for (int i = 0; i < spec.Timeline.Count; i++)
        {
            ValidateAction(spec, spec.Timeline[i], $"Timeline:{i}");
        }
    }

    private static void ValidateAction(ExperimentSpec spec, ActionSpec action, string key)
    {
        Require(action.At >= TimeSpan.Zero && action.At < spec.Duration, $"{key}:At: must lie within Duration");
        switch (action.Action)
        {
            case ActionKind.StopBackend or ActionKind.StartBackend:
                Require(spec.Backends.Any(b => b.Address == action.Target), $"{key}:Target: '{action.Target}' is not one of Backends");
                break;
            case ActionKind.Fault:
                Require(action.Member is not null, $"{key}:Member: required");
                Require(action.State is "Down" or "Up" or "Latency", $"{key}:State: '{action.State}' is not Down, Up or Latency");
                Require(action.For > TimeSpan.Zero, $"{key}:For: must be more than 0");
                break;
            case ActionKind.ClearFault:
                Require(action.Member is not null, $"{key}:Member: required");
                break;
            case ActionKind.SetWeight:
                Require(action.Member is not null, $"{key}:Member: required");
                Require(action.Weight >= 0, $"{key}:Weight: must be 0 or more");
                Require(spec.ConfigFile is not null || spec.Api is not null, $"{key}: SetWeight needs ConfigFile or Api");
                break;
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ExperimentException(message);
        }
    }
}

/// <summary>The bounds every load loop keeps.</summary>
internal static class ExperimentLimits
{
    public const int MaxClients = 10_000;

    public const double MaxUses = 5_000_000;

    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);
}

/// <summary>An experiment that cannot run as described; the message names the key or the cause.</summary>
internal sealed class ExperimentException(string message) : Exception(message);
