using DnsServer.Api.Zones;
using Microsoft.AspNetCore.Http;

namespace DnsServer.Api.Http;

/// <summary>RFC 9457 problem details for the API's refusals.</summary>
internal static class Problems
{
    public static IResult From(ApiProblemException problem) => problem.Errors is { } errors
        ? Results.ValidationProblem(errors, problem.Message, statusCode: problem.Status, title: problem.Title, type: TypeFor(problem.Status))
        : Results.Problem(problem.Message, statusCode: problem.Status, title: problem.Title, type: TypeFor(problem.Status));

    /// <summary>401 with the challenge RFC 6750 §3 asks for.</summary>
    public static async Task WriteUnauthorizedAsync(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"dnsserver\"";
        await Results.Problem(detail, statusCode: 401, title: "Unauthorized", type: TypeFor(401)).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        _ => "about:blank",
    };
}
