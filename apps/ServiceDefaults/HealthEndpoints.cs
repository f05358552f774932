using GoLive.DaprAccess.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.ServiceDefaults;

/// <summary><c>/healthz</c> says the process is up; <c>/readyz</c> runs every health check, the sidecar's included.</summary>
internal static class HealthEndpoints
{
    public const string Live = "/healthz";
    public const string Ready = "/readyz";

    public static bool Matches(PathString path) => path.Equals(Live) || path.Equals(Ready);

    public static IServiceCollection AddSidecarHealthChecks(this IServiceCollection services)
    {
        services.AddSidecarHttp();
        services.AddHealthChecks()
            .AddCheck<DaprSidecarHealthCheck>("dapr-sidecar", timeout: TimeSpan.FromSeconds(2));
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false }).DisableHttpMetrics();
        endpoints.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = _ => true }).DisableHttpMetrics();
        return endpoints;
    }
}
