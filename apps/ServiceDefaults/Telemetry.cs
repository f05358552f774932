using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GoLive.ServiceDefaults;

/// <summary>OpenTelemetry traces and metrics; exported over OTLP only when an endpoint is configured.</summary>
internal static class Telemetry
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !HealthEndpoints.Matches(context.Request.Path))
                    .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !DaprSidecarHealthCheck.IsProbe(request))
                    .AddGrpcClientInstrumentation();
                if (exportOtlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
