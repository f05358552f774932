extern alias status;

using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Status.Tests;

/// <summary>The real app behind a real local sidecar: samples in, burn, incident opened, events on status-events.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task Samples_through_pubsub_burn_the_budget_open_an_incident_and_publish_it_on_status_events()
    {
        await using var platform = new TestPlatform(appIds: ["status"]);
        WriteExtraComponents(platform.ComponentsDirectory);
        var recorder = new EventRecorder();
        var status = await platform.StartAsync<status::Program>("status", Settings, web => web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(recorder)));
        await Eventually.TrueAsync(async () => (await status.App.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "app ready (metrics restored)");

        // 70 minutes of checkout with 90 % failures, half over HTTP and half through the topic.
        var now = DateTimeOffset.UtcNow;
        var minutes = Enumerable.Range(1, 70).Select(m => now.AddMinutes(-m)).ToList();
        var response = await status.Operator.PostAsJsonAsync("/v1/samples", Checkout(minutes.Where((_, i) => i % 2 == 0)));
        response.EnsureSuccessStatusCode();
        await status.Dapr.PublishEventAsync("pubsub", "status-samples", Checkout(minutes.Where((_, i) => i % 2 == 1)));

        await Eventually.TrueAsync(
            () => Task.FromResult(recorder.Types.Contains("golive.status.incident.opened") && recorder.Types.Contains("golive.status.slo.burn-rate-exceeded")),
            TimeSpan.FromSeconds(30), "incident opened and burn event published");

        var incidents = await status.Operator.GetFromJsonAsync<JsonElement>("/v1/incidents");
        var incident = Assert.Single(incidents.EnumerateArray());
        Assert.Equal("checkout-success", incident.GetProperty("slo").GetString());
        Assert.Equal("critical", incident.GetProperty("severity").GetString());
        var opened = recorder.Events.First(e => e.GetProperty("type").GetString() == "golive.status.incident.opened");
        Assert.Equal(incident.GetProperty("id").GetString(), opened.GetProperty("data").GetProperty("id").GetString());
        Assert.Contains("Checkout success degraded", await status.App.GetStringAsync("/status"));
    }

    [Fact]
    public async Task A_restarted_app_still_has_every_acknowledged_sample()
    {
        await using var platform = new TestPlatform(appIds: ["status"]);
        WriteExtraComponents(platform.ComponentsDirectory);
        var first = await platform.StartAsync<status::Program>("status", Settings);
        await Eventually.TrueAsync(async () => (await first.App.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "app ready (metrics restored)");
        var now = DateTimeOffset.UtcNow;
        (await first.Operator.PostAsJsonAsync("/v1/samples", Checkout([now.AddMinutes(-2), now.AddMinutes(-1)]))).EnsureSuccessStatusCode();
        await first.StopAppAsync();

        var second = await platform.StartAsync<status::Program>("status", Settings);

        await Eventually.TrueAsync(async () =>
        {
            var summary = await second.App.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
            return summary.GetProperty("indicators").EnumerateArray().Any(i => i.GetProperty("id").GetString() == "checkout-success" && i.GetProperty("value").GetString() == "10 %");
        }, TimeSpan.FromSeconds(20), "samples restored after restart");
    }

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Status:Alerting:MinimumEvents"] = "10",
        ["Status:Alerting:EvaluationInterval"] = "00:00:00.500",
        ["Status:Metrics:CheckpointInterval"] = "00:00:01",
        ["Status:Slos:2:Flag"] = "checkout-flow-v2",
    };

    private static object Checkout(IEnumerable<DateTimeOffset> minutes) => new
    {
        id = Guid.NewGuid().ToString(),
        samples = minutes.SelectMany(at => new object[]
        {
            new { metric = "checkout.attempt", value = 100, unit = "count", timestamp = at, component = "checkout", region = "eu-west" },
            new { metric = "checkout.success", value = 10, unit = "count", timestamp = at, component = "checkout", region = "eu-west" },
        }).ToArray(),
    };

    /// <summary>A declarative subscription that hands status-events back to the app.</summary>
    private static void WriteExtraComponents(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "recorder.yaml"), $"""
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata:
              name: status-events-recorder
            spec:
              pubsubname: pubsub
              topic: status-events
              routes:
                default: {EventRecorder.Path}
            scopes: [status]
            """);
    }

    /// <summary>Answers the recorder subscription inside the app under test, ahead of its own pipeline.</summary>
    private sealed class EventRecorder : IStartupFilter
    {
        public const string Path = "/test/status-events";
        public ConcurrentQueue<JsonElement> Events { get; } = new();
        public IEnumerable<string?> Types => Events.Select(e => e.GetProperty("type").GetString());

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (context.Request.Path != Path)
                {
                    await proceed();
                    return;
                }

                Events.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
                context.Response.StatusCode = StatusCodes.Status200OK;
            });
            next(app);
        };
    }
}
