using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GoLive.ServiceDefaults;

/// <summary>
/// The sidecar's app token (<c>APP_API_TOKEN</c>): the sidecar presents it in <c>dapr-api-token</c> on every call it makes to
/// the app, so a request carrying it came through the sidecar, and only then is its <c>dapr-caller-app-id</c> believed.
/// Without a token an app refuses to start outside Development; in Development it warns and internal routes are open.
/// </summary>
internal sealed partial class AppApiToken
{
    public const string HeaderName = "dapr-api-token";
    public const string CallerAppIdHeader = "dapr-caller-app-id";
    public const string ConfigurationKey = "APP_API_TOKEN";

    // Hashing first makes the comparison constant-time in the token's length too.
    private readonly byte[]? _expectedHash;

    public AppApiToken(IConfiguration configuration) =>
        _expectedHash = configuration[ConfigurationKey] is { Length: > 0 } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public bool IsConfigured => _expectedHash is not null;

    /// <summary>True when the request came through the sidecar (or, with no token configured, always).</summary>
    public bool Admits(HttpRequest request) => _expectedHash is null || Presents(request.Headers[HeaderName]);

    /// <summary>The calling app as the sidecar names it; only meaningful when <see cref="Admits"/> holds.</summary>
    public static string? CallerAppId(HttpRequest request) => request.Headers[CallerAppIdHeader] is [{ Length: > 0 } caller] ? caller : null;

    /// <summary>Refuses to start without a token outside Development, with the reason; warns in Development.</summary>
    public static void EnsureConfigured(WebApplication app)
    {
        if (app.Services.GetRequiredService<AppApiToken>().IsConfigured) return;
        if (!app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} is not set. Outside the Development environment a GoLive app only starts with the sidecar's app token " +
                $"(daprd --app-api-token, or {ConfigurationKey} in the environment of both the sidecar and the app), so that its internal " +
                "routes answer only calls through the sidecar. Set it, or run with ASPNETCORE_ENVIRONMENT=Development, where internal routes are open.");
        }
        LogOpen(app.Logger, ConfigurationKey);
    }

    private bool Presents(StringValues values) =>
        values is [{ } presented]
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Variable} is not set: internal routes are open to any caller and dapr-caller-app-id is believed as sent (Development only)")]
    private static partial void LogOpen(ILogger logger, string variable);
}
