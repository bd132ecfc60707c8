namespace DnsServer.Api.Zones;

/// <summary>
/// A request the API refuses, with its HTTP status and, for invalid input, the fields at fault;
/// the endpoints turn it into RFC 9457 problem details.
/// </summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Errors = errors;
    }

    public ApiProblemException()
        : this(500, "Internal error", "internal error")
    {
    }

    public ApiProblemException(string message)
        : this(500, "Internal error", message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Title = "Internal error";
    }

    public int Status { get; }

    public string Title { get; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static ApiProblemException NotFound(string detail) => new(404, "Not found", detail);

    public static ApiProblemException Conflict(string detail) => new(409, "Conflict", detail);

    /// <summary>422: the input is well-formed but would make the zone invalid; nothing was changed.</summary>
    public static ApiProblemException Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(422, "The change was refused", "One or more fields are invalid; nothing was changed.", errors);

    public static ApiProblemException Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
