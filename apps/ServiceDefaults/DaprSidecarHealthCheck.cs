using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.ServiceDefaults;

/// <summary>Ready only when the sidecar says its outbound side (components, APIs) is up.</summary>
internal sealed class DaprSidecarHealthCheck(IHttpClientFactory httpClientFactory, IConfiguration configuration) : IHealthCheck
{
    public const string HttpClientName = "GoLive.DaprSidecarHealth";
    private const string ProbePath = "/v1.0/healthz/outbound";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = new Uri(SidecarHttpEndpoint(configuration), ProbePath);
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).GetAsync(probe, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("The Dapr sidecar is ready.")
                : HealthCheckResult.Unhealthy($"The Dapr sidecar answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException exception)
        {
            // The message is enough; a stack trace on every probe would drown the logs while daprd starts.
            return HealthCheckResult.Unhealthy($"The Dapr sidecar is unreachable: {exception.Message}");
        }
    }

    public static bool IsProbe(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath.Equals(ProbePath, StringComparison.Ordinal) == true;

    // Same precedence as the Dapr SDK: an explicit endpoint, else loopback on DAPR_HTTP_PORT (3500 by default).
    private static Uri SidecarHttpEndpoint(IConfiguration configuration)
    {
        if (configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            return new Uri(endpoint);
        }

        var port = configuration["DAPR_HTTP_PORT"] is { Length: > 0 } configured ? configured : "3500";
        return new Uri($"http://127.0.0.1:{port}");
    }
}
