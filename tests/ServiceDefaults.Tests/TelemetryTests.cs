using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GoLive.ServiceDefaults.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Without_an_exporter_nothing_is_recorded_but_the_caller_trace_still_names_the_request()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        using var response = await app.Client.SendAsync(request);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_and_the_golive_meters_are_collected()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", // discard port: nothing is received
        });
        using var meter = new Meter("GoLive.Telemetry.Tests");
        var counter = meter.CreateCounter<long>("golive.tests.calls");

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.True(counter.Enabled);
    }

    [Fact]
    public async Task The_request_span_carries_the_correlation_id_for_whatever_exports_it()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.Add("X-Correlation-Id", "telemetry-test-7");

        using var response = await app.Client.SendAsync(request);

        // The span ends as the pipeline unwinds, which may be just after the client has the response.
        Assert.True(SpinWait.SpinUntil(() => stopped.Any(a => (string?)a.GetTagItem("correlation.id") == "telemetry-test-7"), TimeSpan.FromSeconds(5)));
    }
}
