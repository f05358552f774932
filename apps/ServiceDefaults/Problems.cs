using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.ServiceDefaults;

/// <summary>
/// Typed problem results with a stable <c>code</c>; <c>correlationId</c> is added when the response is written.
/// <example><c>return Problems.NotFound("incident_not_found", $"No incident {id}.");</c></example>
/// </summary>
public static class Problems
{
    internal const string CodeExtension = "code";
    internal const string CorrelationIdExtension = "correlationId";

    /// <summary>A problem with any status and code.</summary>
    public static ProblemHttpResult Problem(int statusCode, string code, string? detail = null, string? title = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return TypedResults.Problem(
            detail: detail,
            statusCode: statusCode,
            title: title,
            extensions: new Dictionary<string, object?> { [CodeExtension] = code });
    }

    /// <summary>400 with field errors under <c>errors</c> and code <c>validation_failed</c>.</summary>
    public static ValidationProblem Validation(IEnumerable<KeyValuePair<string, string[]>> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors,
            detail: detail,
            extensions: [new(CodeExtension, ProblemCodes.ValidationFailed)]);

    public static ProblemHttpResult BadRequest(string code = ProblemCodes.BadRequest, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, code, detail);

    public static ProblemHttpResult Forbidden(string code = ProblemCodes.Forbidden, string? detail = null) =>
        Problem(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult NotFound(string code = ProblemCodes.NotFound, string? detail = null) =>
        Problem(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Conflict(string code = ProblemCodes.Conflict, string? detail = null) =>
        Problem(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult PreconditionFailed(string code = ProblemCodes.PreconditionFailed, string? detail = null) =>
        Problem(StatusCodes.Status412PreconditionFailed, code, detail);
}
