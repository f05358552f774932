using System.Globalization;
using GoLive.Gateway.Keys;

namespace GoLive.Gateway.RateLimits;

/// <summary>
/// The IETF draft headers (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "key";q=600;w=60, "org";q=6000;w=60</c>
/// and <c>RateLimit: "key";r=599;t=1</c> for the policy closest to its limit.
/// </summary>
internal static class RateLimitHeaders
{
    public static void Write(HttpResponse response, ReadOnlySpan<(string Name, RateLimit Policy, RateDecision Decision)> checks)
    {
        if (checks.IsEmpty) return;
        var policies = new List<string>(checks.Length);
        var tightest = checks[0];
        foreach (var check in checks)
        {
            policies.Add(string.Create(CultureInfo.InvariantCulture, $"\"{check.Name}\";q={check.Policy.Limit};w={check.Policy.WindowSeconds}"));
            if (!check.Decision.Allowed && tightest.Decision.Allowed || check.Decision.Remaining < tightest.Decision.Remaining) tightest = check;
        }
        response.Headers["RateLimit-Policy"] = string.Join(", ", policies);
        response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture,
            $"\"{tightest.Name}\";r={tightest.Decision.Remaining};t={tightest.Decision.ResetSeconds}");
        if (!tightest.Decision.Allowed)
            response.Headers.RetryAfter = tightest.Decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
