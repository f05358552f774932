using GoLive.DaprAccess.State;
using GoLive.Status.Components;
using GoLive.Status.Events;
using GoLive.Status.Incidents;
using GoLive.Status.Metrics;
using GoLive.Status.Page;
using GoLive.Status.Samples;
using GoLive.Status.Slos;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DaprComponents = GoLive.DaprAccess.Components;

namespace GoLive.Status;

/// <summary>Registers Status's features; each block is one feature folder.</summary>
internal static class StatusServices
{
    public static IHostApplicationBuilder AddStatus(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(StatusJson.EnumConverter()));

        // Stores: incidents and maintenance in `statestore` (outbox), metrics in `metricstore` (no outbox).
        services.AddStateStore(DaprComponents.StateStore, StatusJson.Options);
        services.AddStateStore(DaprComponents.MetricStore, StatusJson.Options);

        // Samples and metrics: validate, journal, aggregate in memory, checkpoint.
        services.Configure<IngestOptions>(config.GetSection(IngestOptions.Section));
        services.Configure<MetricOptions>(config.GetSection(MetricOptions.Section));
        services.Configure<StatusComponentsOptions>(config.GetSection("Status"));
        services.AddSingleton(MetricRetention.Default);
        services.AddSingleton<MetricStore>();
        services.AddSingleton<MetricJournal>();
        services.AddSingleton<SampleValidator>();
        services.AddSingleton<SampleIngestor>();
        services.AddHostedService<MetricCheckpointer>();
        services.AddHealthChecks().AddCheck<MetricsRestoredCheck>("metrics-restored");

        // SLOs and burn-rate alerting, reloadable from configuration.
        services.Configure<SloOptions>(config.GetSection("Status"));
        services.Configure<AlertingOptions>(config.GetSection(AlertingOptions.Section));
        services.AddSingleton<SloCalculator>();
        services.AddSingleton<BurnRateEvaluator>();

        // Incidents, components, maintenance and their events.
        services.AddSingleton<MaintenanceSchedule>();
        services.AddSingleton<OperatorSink>();
        services.AddSingleton<IncidentBook>();
        services.AddSingleton<ComponentBoard>();
        services.AddSingleton<AlertResponder>();
        services.AddSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());

        // The public page, cached briefly (per encoding, compressed) so a crowd of readers costs one render per few seconds.
        services.Configure<PageOptions>(config.GetSection(PageOptions.Section));
        services.AddSingleton<StatusSnapshotBuilder>();
        services.AddOutputCache(o => o.AddPolicy(PageApi.CachePolicy, p => p.Expire(PageApi.CacheFor).SetVaryByHeader("Accept-Encoding")));
        services.AddPageCompression();
        return builder;
    }
}
