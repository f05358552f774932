using GoLive.DaprAccess.Sidecar;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.ServiceDefaults;

/// <summary>Ready only when the sidecar says its outbound side (components, APIs) is up.</summary>
internal sealed class DaprSidecarHealthCheck(IHttpClientFactory httpClientFactory) : IHealthCheck
{
    private const string ProbePath = "v1.0/healthz/outbound";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await httpClientFactory.CreateSidecarClient().GetAsync(ProbePath, cancellationToken);
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
        request.RequestUri?.AbsolutePath.EndsWith("/" + ProbePath, StringComparison.Ordinal) == true;
}
