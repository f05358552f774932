using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Applies <see cref="RouteAccess"/> to every request: health and public routes pass; operator routes need an operator with
/// one of the route's roles (or an allowed app through its sidecar); every other route needs the sidecar's app token.
/// Refusals are problems: 401 <c>credentials_required</c> / <c>invalid_credentials</c> / <c>app_token_required</c>
/// (with <c>WWW-Authenticate</c>), 403 <c>insufficient_role</c> / <c>caller_not_allowed</c>.
/// </summary>
internal sealed partial class RouteAccessMiddleware(RequestDelegate next, AppApiToken appToken, IProblemDetailsService problems,
    OperatorAuditTrail audit, ILogger<RouteAccessMiddleware> logger)
{
    private const string BearerChallenge = "Bearer realm=\"golive\"";

    public Task InvokeAsync(HttpContext context)
    {
        if (HealthEndpoints.Matches(context.Request.Path)) return next(context);
        // No endpoint (404, 405) counts as internal: a direct caller learns nothing about which routes exist.
        var metadata = context.GetEndpoint()?.Metadata;
        var audience = metadata?.GetMetadata<RouteAudience>();
        var apps = metadata?.GetMetadata<AllowedApps>();
        return audience?.Kind switch
        {
            RouteAudienceKind.Public => next(context),
            RouteAudienceKind.Operator => OperatorAsync(context, audience, apps, metadata?.GetMetadata<AuditPolicy>()),
            _ => InternalAsync(context, apps),
        };
    }

    private Task InternalAsync(HttpContext context, AllowedApps? apps)
    {
        if (!appToken.Admits(context.Request))
        {
            return RefuseAsync(context, StatusCodes.Status401Unauthorized, ProblemCodes.AppTokenRequired,
                $"This route is internal: call it through the sidecar (Dapr invocation), which presents {AppApiToken.HeaderName}.",
                AppApiToken.HeaderName);
        }
        if (apps is not null && !apps.Allows(AppApiToken.CallerAppId(context.Request)))
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, ProblemCodes.CallerNotAllowed,
                $"Only {string.Join(", ", apps.AppIds ?? [])} may call this route, through Dapr invocation.");
        }
        return next(context);
    }

    private async Task OperatorAsync(HttpContext context, RouteAudience audience, AllowedApps? apps, AuditPolicy? policy)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            if (apps is not null && appToken.Admits(context.Request) && apps.Allows(AppApiToken.CallerAppId(context.Request)))
            {
                await next(context);
                return;
            }
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, ProblemCodes.CredentialsRequired,
                "This route is for operators: send Authorization: Bearer with an operator key or an OpenID Connect token.", BearerChallenge);
            return;
        }

        var result = await context.AuthenticateAsync(OperatorAuthentication.Scheme);
        if (result.Failure is OperatorKeysUnavailableException unavailable)
        {
            LogKeysUnavailable(logger, unavailable);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable,
                "Operator keys cannot be read from the secret store right now; retry shortly.");
            return;
        }
        if (!result.Succeeded || OperatorIdentity.From(result.Principal) is not { } identity)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, ProblemCodes.InvalidCredentials,
                "The operator credentials are not valid (unknown, expired, revoked or malformed).", BearerChallenge + ", error=\"invalid_token\"");
            return;
        }

        context.User = result.Principal;
        context.Features.Set(new OperatorFeature(identity));
        if (!audience.Roles.Any(role => identity.Roles.Contains(role, StringComparer.Ordinal)))
        {
            audit.Record(context, identity, StatusCodes.Status403Forbidden);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ProblemCodes.InsufficientRole,
                $"This route needs one of the roles {string.Join(", ", audience.Roles)}.", BearerChallenge + ", error=\"insufficient_scope\"");
            return;
        }

        if (policy?.Skip == true || (policy?.AuditReads != true && IsRead(context.Request.Method)))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch
        {
            audit.Record(context, identity, StatusCodes.Status500InternalServerError);
            throw;
        }
        audit.Record(context, identity, context.Response.StatusCode);
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private async Task RefuseAsync(HttpContext context, int status, string code, string detail, string? challenge = null)
    {
        LogRefused(logger, status, code);
        context.Response.StatusCode = status;
        if (challenge is not null) context.Response.Headers.WWWAuthenticate = challenge;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { [Problems.CodeExtension] = code } },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request with {StatusCode} {ProblemCode}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string problemCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator keys are unavailable")]
    private static partial void LogKeysUnavailable(ILogger logger, Exception exception);
}
