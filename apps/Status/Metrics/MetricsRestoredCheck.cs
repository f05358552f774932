using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GoLive.Status.Metrics;

/// <summary>Not ready until the metrics are restored from the store: before that, ingest answers 503.</summary>
internal sealed class MetricsRestoredCheck(MetricJournal journal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(journal.Restored ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("metrics are still being restored"));
}
