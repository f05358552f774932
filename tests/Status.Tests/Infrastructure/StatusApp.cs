extern alias status;

using GoLive.DaprAccess.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using DaprComponents = GoLive.DaprAccess.Components;

namespace GoLive.Status.Tests.Infrastructure;

/// <summary>
/// The real Status app over HTTP (test server) with in-memory stores, a fake clock, the test operators and a recorder of
/// audit events; no sidecar. <see cref="StartAsync"/> gives an operator's client (<see cref="TestOperators.Admin"/>).
/// </summary>
internal sealed class StatusApp : WebApplicationFactory<status::Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public StatusApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        State = Defaults.Store(DaprComponents.StateStore, Clock);
        Metrics = Defaults.Store(DaprComponents.MetricStore, Clock);
    }

    public InMemoryStateStore State { get; }
    public InMemoryStateStore Metrics { get; }
    public FakeTimeProvider Clock { get; } = new(Defaults.Now);
    public RecordedAudit Audit { get; } = new();

    public async Task<HttpClient> StartAsync(TestOperator? @operator = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = (@operator ?? TestOperators.Admin).Authorization;
        var ingestor = Services.GetRequiredService<Samples.SampleIngestor>();
        var monitor = Services.GetRequiredService<Incidents.AlertMonitor>();
        await Eventually.TrueAsync(() => Task.FromResult(ingestor.Ready && monitor.Loaded), TimeSpan.FromSeconds(10), "metrics restored");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // As AddStateStore registers them: `statestore` keyed and unkeyed, `metricstore` keyed.
            services.AddSingleton<IStateStore>(State);
            services.AddKeyedSingleton<IStateStore>(State.Name, State);
            services.AddKeyedSingleton<IStateStore>(Metrics.Name, Metrics);
            services.UseTestOperators();
            services.RecordAudit(Audit);
        });
    }
}
