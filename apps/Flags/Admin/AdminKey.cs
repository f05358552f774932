using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using GoLive.Flags.Catalog;
using GoLive.ServiceDefaults;

namespace GoLive.Flags.Admin;

/// <summary>Where the admin key comes from.</summary>
internal interface IAdminKeySource
{
    Task<string?> GetAsync(CancellationToken cancellationToken);
}

/// <summary>The admin key from the Dapr secret store <c>secretstore</c>, secret <c>flags-admin-key</c>, cached for a minute.</summary>
internal sealed class SecretStoreAdminKey(DaprClient dapr, TimeProvider time) : IAdminKeySource
{
    internal const string SecretName = "flags-admin-key";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private (string? Key, DateTimeOffset ReadAt) _cached;

    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached.Key is not null && time.GetUtcNow() - cached.ReadAt < CacheFor)
        {
            return cached.Key;
        }

        var secret = await dapr.GetSecretAsync("secretstore", SecretName, cancellationToken: cancellationToken);
        var key = secret.TryGetValue(SecretName, out var value) ? value : secret.Values.FirstOrDefault();
        _cached = (key, time.GetUtcNow());
        return key;
    }
}

/// <summary>
/// Admin routes require the admin key in <c>X-Admin-Key</c> (or <c>Authorization: Bearer</c>), compared in constant time.
/// <c>X-Actor</c> names who acts and <c>X-Change-Reason</c> why; both go into the change's audit event.
/// </summary>
internal static class AdminKey
{
    public const string Header = "X-Admin-Key";
    public const string ActorHeader = "X-Actor";
    public const string ReasonHeader = "X-Change-Reason";

    public static RouteGroupBuilder RequireAdminKey(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            string? expected;
            try
            {
                expected = await http.RequestServices.GetRequiredService<IAdminKeySource>().GetAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Problems.Problem(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable,
                    "The admin key cannot be read from the secret store.");
            }

            return Matches(Presented(http.Request), expected)
                ? await next(context)
                : Problems.Problem(StatusCodes.Status401Unauthorized, FlagsProblemCodes.InvalidAdminKey,
                    $"Send the admin key in the {Header} header.");
        });

    /// <summary>Who acts and why, from the request headers.</summary>
    public static ChangeAuthor Author(this HttpContext http, string? reason = null) => new(
        http.Request.Headers[ActorHeader].FirstOrDefault() is { Length: > 0 and <= 200 } actor ? actor : "admin",
        reason ?? http.Request.Headers[ReasonHeader].FirstOrDefault());

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers[Header].FirstOrDefault() is { Length: > 0 } key)
        {
            return key;
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    private static bool Matches(string? presented, string? expected) =>
        presented is not null && expected is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
