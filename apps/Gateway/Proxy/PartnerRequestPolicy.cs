using System.Collections.Concurrent;
using GoLive.Gateway.Keys;
using GoLive.Gateway.RateLimits;
using GoLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace GoLive.Gateway.Proxy;

/// <summary>The key a partner request was authenticated with, for the transforms, idempotency and the request log.</summary>
internal sealed record PartnerCaller(ApiKey Key);

/// <summary>
/// What every proxied request passes before it is forwarded, in order: a sane path, no brute-force block on the client IP,
/// a valid key, the route's scope, the key's and organisation's rate limits, and the key's usage credits.
/// </summary>
internal sealed partial class PartnerRequestPolicy(ApiKeyAuthenticator keys, SharedRateLimiter limiter, IOptions<RateLimitOptions> limits,
    TimeProvider time, Serilog.IDiagnosticContext requestLog, ILogger<PartnerRequestPolicy> logger)
{
    private const string BearerPrefix = "Bearer ";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedIps = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (HasPathTricks(context))
        {
            await Problems.BadRequest(GatewayProblemCodes.InvalidPath, "The path contains encoded separators or dot segments.").ExecuteAsync(context);
            return;
        }
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_blockedIps.TryGetValue(ip, out var until) && until > time.GetUtcNow())
        {
            await TooManyFailures(context, until);
            return;
        }

        var key = await keys.AuthenticateAsync(PresentedKey(context.Request), context.RequestAborted);
        if (key is null)
        {
            await RejectInvalidKey(context, ip);
            return;
        }
        context.Features.Set(new PartnerCaller(key));
        // The request log line names the caller by key prefix only, never the key.
        requestLog.Set("KeyPrefix", key.Prefix);
        requestLog.Set("OrganizationId", key.OrganizationId);

        var route = context.GetReverseProxyFeature().Route.Config;
        var scope = route.Metadata![GatewayRouteConfig.ScopeKey];
        if (!key.HasScope(scope))
        {
            LogScopeDenied(logger, key.Prefix, scope);
            await Problems.Forbidden(GatewayProblemCodes.InsufficientScope, $"This key lacks the scope '{scope}'.").ExecuteAsync(context);
            return;
        }

        var cost = int.Parse(route.Metadata[GatewayRouteConfig.CostKey], System.Globalization.CultureInfo.InvariantCulture);
        if (!await WithinLimitsAsync(context, key, cost)) return;
        await next();
    }

    private async Task<bool> WithinLimitsAsync(HttpContext context, ApiKey key, int cost)
    {
        var keyPolicy = key.RateLimit ?? limits.Value.DefaultKey;
        var orgPolicy = limits.Value.ForOrganization(key.OrganizationId);
        var byKey = await limiter.AcquireAsync("key:" + key.Id, keyPolicy, cost, context.RequestAborted);
        // The organisation is only charged for requests the key itself may make.
        var byOrg = byKey.Allowed
            ? await limiter.AcquireAsync("org:" + key.OrganizationId, orgPolicy, cost, context.RequestAborted)
            : new RateDecision(true, orgPolicy.Limit, 0, 0);
        RateLimitHeaders.Write(context.Response, [("key", keyPolicy, byKey), ("org", orgPolicy, byOrg)]);
        if (!byKey.Allowed || !byOrg.Allowed)
        {
            LogRateLimited(logger, key.Prefix, byKey.Allowed ? "org" : "key");
            await Problems.Problem(StatusCodes.Status429TooManyRequests, GatewayProblemCodes.RateLimited,
                "Rate limit reached; retry after the number of seconds in Retry-After.").ExecuteAsync(context);
            return false;
        }
        if (key.Credits is not { } credits) return true;
        var credit = await limiter.AcquireAsync("credits:" + key.Id, credits, cost, context.RequestAborted);
        if (credit.Allowed) return true;
        context.Response.Headers.RetryAfter = credit.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.Problem(StatusCodes.Status429TooManyRequests, GatewayProblemCodes.CreditsExhausted,
            "The key's usage credits are spent; they refill over time (see Retry-After).").ExecuteAsync(context);
        return false;
    }

    private async Task RejectInvalidKey(HttpContext context, string ip)
    {
        var failures = await limiter.AcquireAsync("authfail:" + ip, limits.Value.FailedAttemptsPerIp, 1, context.RequestAborted);
        if (!failures.Allowed)
        {
            var until = time.GetUtcNow().AddSeconds(failures.RetryAfterSeconds);
            _blockedIps[ip] = until;
            LogBlocked(logger, failures.RetryAfterSeconds);
            await TooManyFailures(context, until);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"golive\"";
        await Problems.Problem(StatusCodes.Status401Unauthorized, GatewayProblemCodes.InvalidApiKey,
            "The API key is missing, malformed, expired or revoked.").ExecuteAsync(context);
    }

    private async Task TooManyFailures(HttpContext context, DateTimeOffset until)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.Problem(StatusCodes.Status429TooManyRequests, GatewayProblemCodes.TooManyFailedAttempts,
            "Too many requests with invalid API keys from this client.").ExecuteAsync(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return value[BearerPrefix.Length..].Trim();
        return request.Headers["X-Api-Key"] is [{ } header] ? header : null;
    }

    /// <summary>Encoded slashes, backslashes or dots could change which method the sidecar invokes; none is a real route.</summary>
    private static bool HasPathTricks(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var path = raw.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        return path.Contains('\\') || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase) || path.Contains("%2e", StringComparison.OrdinalIgnoreCase)
            || path.Contains("/.", StringComparison.Ordinal) || path.Contains("%00", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyPrefix} lacks scope {Scope}")]
    static partial void LogScopeDenied(ILogger logger, string keyPrefix, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyPrefix} rate limited by its {Policy} policy")]
    static partial void LogRateLimited(ILogger logger, string keyPrefix, string policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client blocked for {Seconds} s after repeated invalid API keys")]
    static partial void LogBlocked(ILogger logger, int seconds);
}
