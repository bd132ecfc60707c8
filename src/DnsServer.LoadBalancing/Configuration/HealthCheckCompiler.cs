using System.Globalization;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol;
using DnsServer.Protocol.Records;

namespace DnsServer.LoadBalancing.Configuration;

/// <summary>Checks a pool's <c>HealthCheck</c> section and fills its defaults.</summary>
internal static class HealthCheckCompiler
{
    public static HealthCheckSettings? Compile(HealthCheckOptions? options, string key, List<string> errors)
    {
        if (options is null)
        {
            return null;
        }

        key += ":HealthCheck";
        int before = errors.Count;
        int port = options.Port ?? options.Kind switch
        {
            HealthCheckKind.Http => 80,
            HealthCheckKind.Https => 443,
            HealthCheckKind.Dns => 53,
            _ => 0,
        };
        if (options.Port is null && options.Kind == HealthCheckKind.Tcp)
        {
            errors.Add($"{key}:Port: required for Tcp checks");
        }
        else if (port is < 1 or > 65535)
        {
            errors.Add($"{key}:Port: {port} is not a port (1–65535)");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Interval: must be positive");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout >= options.Interval)
        {
            errors.Add($"{key}:Timeout: {options.Timeout} must be positive and shorter than the interval {options.Interval}");
        }

        if (options.Rise < 1)
        {
            errors.Add($"{key}:Rise: must be ≥ 1");
        }

        if (options.Fall < 1)
        {
            errors.Add($"{key}:Fall: must be ≥ 1");
        }

        if (options.Jitter is < 0 or > 1 || double.IsNaN(options.Jitter))
        {
            errors.Add($"{key}:Jitter: must be between 0 and 1");
        }

        if (options.MaxLatency is { } latency && latency <= TimeSpan.Zero)
        {
            errors.Add($"{key}:MaxLatency: must be positive");
        }

        if (!TryParseStatus(options.ExpectStatus, out int min, out int max))
        {
            errors.Add($"{key}:ExpectStatus: '{options.ExpectStatus}' is not a status code or range (e.g. 200 or 200-399)");
        }

        bool? initiallyUp = options.InitialState.ToUpperInvariant() switch
        {
            "UP" => true,
            "DOWN" => false,
            _ => null,
        };
        if (initiallyUp is null)
        {
            errors.Add($"{key}:InitialState: '{options.InitialState}' is not Up or Down");
        }

        var queryName = ParseQueryName(options.QueryName, key, errors);
        if (!RecordTypeText.TryParse(options.QueryType, out var queryType))
        {
            errors.Add($"{key}:QueryType: '{options.QueryType}' is not a record type");
        }

        if (errors.Count != before)
        {
            return null;
        }

        return new HealthCheckSettings(
            options.Kind, port, options.Path, options.Host, min, max, options.BodyContains, options.VerifyCertificate,
            queryName!, queryType, options.Interval, options.Timeout, options.Rise, options.Fall, options.Jitter,
            options.MaxLatency, initiallyUp!.Value);
    }

    private static DnsName? ParseQueryName(string text, string key, List<string> errors)
    {
        try
        {
            return DnsName.Parse(text);
        }
        catch (DnsFormatException e)
        {
            errors.Add($"{key}:QueryName: '{text}': {e.Message}");
            return null;
        }
    }

    private static bool TryParseStatus(string? text, out int min, out int max)
    {
        min = max = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out max))
        {
            return false;
        }

        return min is >= 100 and <= 599 && max is >= 100 and <= 599 && min <= max;
    }
}
