using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.ServiceDefaults;

/// <summary>Every error answer is an RFC 9457 problem with a stable <c>code</c> and the <c>correlationId</c>.</summary>
internal static class ProblemResponses
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad bodies and parameters throw in every environment, so they become problems, never bare 400s.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd(
            Problems.CodeExtension,
            problem is HttpValidationProblemDetails ? ProblemCodes.ValidationFailed : ProblemCodes.ForStatus(status));
        problem.Extensions[Problems.CorrelationIdExtension] = context.HttpContext.GetCorrelationId();
    }
}

/// <summary>Turns exceptions into problems: bad requests keep their status, anything else is a bare 500.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException badRequest ? BadRequest(badRequest) : InternalError();
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, RoutePatternOf(httpContext));
        }
        else
        {
            LogRejected(logger, status, (string)problem.Extensions[Problems.CodeExtension]!);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        var invalidJson = exception.InnerException is JsonException;
        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Detail = invalidJson ? "The request body is not valid JSON." : exception.Message,
            Extensions =
            {
                [Problems.CodeExtension] = invalidJson ? ProblemCodes.InvalidJson : ProblemCodes.ForStatus(exception.StatusCode),
            },
        };
    }

    // No message, no stack trace: those go to the log only.
    private static ProblemDetails InternalError() => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "An unexpected error occurred.",
        Extensions = { [Problems.CodeExtension] = ProblemCodes.InternalError },
    };

    private static string RoutePatternOf(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern }
            ? pattern
            : "(unmatched)";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {RequestMethod} {RoutePattern}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string requestMethod, string routePattern);

    // The exception message may quote caller input, so only the status and code are logged.
    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a bad request with {StatusCode} {ProblemCode}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string problemCode);
}
