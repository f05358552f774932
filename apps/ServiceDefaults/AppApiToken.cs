using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace GoLive.ServiceDefaults;

/// <summary>
/// When <c>APP_API_TOKEN</c> is set, only callers presenting it in <c>dapr-api-token</c> (the sidecar) get in;
/// health probes stay open.
/// </summary>
internal static class AppApiToken
{
    public static IApplicationBuilder UseAppApiToken(this IApplicationBuilder app)
    {
        var token = app.ApplicationServices.GetRequiredService<IConfiguration>()["APP_API_TOKEN"];
        return string.IsNullOrEmpty(token) ? app : app.UseMiddleware<AppApiTokenMiddleware>(token);
    }
}

internal sealed class AppApiTokenMiddleware(RequestDelegate next, IProblemDetailsService problems, string token)
{
    public const string HeaderName = "dapr-api-token";

    // Hashing first makes the comparison constant-time in the token's length too.
    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public async Task InvokeAsync(HttpContext context)
    {
        if (HealthEndpoints.Matches(context.Request.Path) || Presents(context.Request.Headers[HeaderName]))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Detail = $"The {HeaderName} header is missing or wrong.",
                Extensions = { [Problems.CodeExtension] = ProblemCodes.Unauthorized },
            },
        });
    }

    private bool Presents(StringValues values) =>
        values is [{ } presented]
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash);
}
