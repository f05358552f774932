using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GoLive.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. Without an endpoint the SDK
/// is not registered at all: recording spans and histograms that go nowhere cost the gateway a fifth of its CPU per request
/// (docs/benchmarks.md). ASP.NET Core still starts an Activity per request, so logs keep their trace ids and outgoing calls
/// keep propagating <c>traceparent</c>.
/// </summary>
internal static class Telemetry
{
    /// <summary>GoLive's own meters (<c>GoLive.Workflows</c>, <c>GoLive.Flags.Client</c>, …).</summary>
    public const string GoLiveMeters = "GoLive.*";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return services;

        // The sampler follows OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (e.g. parentbased_traceidratio, 0.1).
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !HealthEndpoints.Matches(context.Request.Path))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !DaprSidecarHealthCheck.IsProbe(request))
                .AddGrpcClientInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(GoLiveMeters)
                .AddOtlpExporter());
        return services;
    }
}
