using GoLive.Gateway.Keys;

namespace GoLive.Gateway.RateLimits;

/// <summary>Limits from configuration (<c>Gateway:RateLimits</c>); a key's own <c>rateLimit</c> overrides <see cref="DefaultKey"/>.</summary>
internal sealed class RateLimitOptions
{
    public RateLimit DefaultKey { get; set; } = new(600, 60);
    public RateLimit DefaultOrganization { get; set; } = new(6000, 60);
    public Dictionary<string, RateLimit> Organizations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Invalid keys allowed per client IP before it is refused with 429 (brute-force protection).</summary>
    public RateLimit FailedAttemptsPerIp { get; set; } = new(20, 60);

    public RateLimit ForOrganization(string organizationId) =>
        Organizations.TryGetValue(organizationId, out var limit) ? limit : DefaultOrganization;
}

internal static class RateLimitRegistration
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("Gateway:RateLimits"));
        services.AddSingleton<SharedRateLimiter>();
        return services;
    }
}
