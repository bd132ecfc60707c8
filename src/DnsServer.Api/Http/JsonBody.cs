using System.Text.Json;
using System.Text.Json.Serialization;
using DnsServer.Api.Zones;
using Microsoft.AspNetCore.Http;

namespace DnsServer.Api.Http;

/// <summary>
/// Reads request bodies strictly: JSON only, no unknown members, the size limit enforced; a body
/// that is not valid becomes a problem naming the JSON path at fault.
/// </summary>
internal static class JsonBody
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is not { } type || !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(415, "Unsupported media type", "the body must be JSON (Content-Type: application/json)");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken).ConfigureAwait(false)
                ?? throw new ApiProblemException(400, "Invalid JSON", "the body is null", Errors("$", "must be a JSON object"));
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "$";
            var message = exception.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? "has the wrong type"
                : FirstSentence(exception.Message);
            throw new ApiProblemException(400, "Invalid JSON", "the body is not valid JSON for this request", Errors(path, message));
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    /// <summary>A text body (a zone file), up to the size limit.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(request.Body);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    private static ApiProblemException TooLarge() =>
        new(413, "Payload too large", "the body is larger than the API accepts (1 MiB by default)");

    private static Dictionary<string, string[]> Errors(string field, string message) => new() { [field] = [message] };

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
