extern alias status;

using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Testing;

namespace GoLive.Status.Bench;

/// <summary>
/// The real Status app (its Program, Release build) on a Kestrel port behind a real local sidecar, with its metric
/// journal in <c>state.sqlite</c> as in <c>components/local</c>, and a generator of realistic sample batches.
/// </summary>
internal sealed class StatusHost : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Regions = ["eu-west", "us-east", "ap-south"];
    private readonly TestPlatform _platform;

    private StatusHost(TestPlatform platform, DaprTestApp app)
    {
        _platform = platform;
        App = app;
    }

    public DaprTestApp App { get; }

    public string BaseUrl => $"http://127.0.0.1:{App.AppPort}";

    public static async Task<StatusHost> StartAsync(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var platform = new TestPlatform(appIds: ["status"]);
        // Durable on SQLite, as components/local ships it, in place of the tests' in-memory metricstore.
        File.WriteAllText(Path.Combine(platform.ComponentsDirectory, "metricstore.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: metricstore
            spec:
              type: state.sqlite
              version: v1
              metadata:
                - name: connectionString
                  value: "{Path.Combine(platform.TempDirectory, "status-metrics.db")}"
            scopes: [status]
            """);
        var app = await platform.StartAsync<status::Program>("status", configure: configure);
        var host = new StatusHost(platform, app);
        await Eventually.TrueAsync(async () => (await app.App.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "Status ready");
        return host;
    }

    /// <summary>A batch of <paramref name="size"/> samples spread over the headline metrics, components and regions, at or before <paramref name="until"/>.</summary>
    public static byte[] Batch(int size, DateTimeOffset until, TimeSpan spread, Random random)
    {
        var samples = new List<object>(size);
        while (samples.Count < size)
        {
            var at = until - (spread * random.NextDouble());
            var region = Regions[random.Next(Regions.Length)];
            samples.Add(new { metric = "playback.join_ms", value = Math.Round(300 + (random.NextDouble() * 1500)), unit = "ms", timestamp = at, component = "playback", region });
            samples.Add(new { metric = "playback.watch_ms", value = 60_000, unit = "ms", timestamp = at, component = "playback", region });
            samples.Add(new { metric = "playback.rebuffer_ms", value = random.Next(0, 300), unit = "ms", timestamp = at, component = "playback", region });
            samples.Add(new { metric = "checkout.attempt", value = 1, unit = "count", timestamp = at, component = "checkout", region });
            samples.Add(new { metric = "checkout.success", value = random.NextDouble() < 0.98 ? 1 : 0, unit = "count", timestamp = at, component = "checkout", region });
            samples.Add(new { metric = "api.request", value = Math.Round(5 + (random.NextDouble() * 80)), unit = "ms", timestamp = at, component = "api", region,
                outcome = random.NextDouble() < 0.9995 ? "success" : "error" });
        }

        return JsonSerializer.SerializeToUtf8Bytes(new { samples = samples.Take(size) }, Json);
    }

    public async Task OpenIncidentAsync() =>
        (await App.Operator.PostAsJsonAsync("/v1/incidents", new
        {
            title = "Elevated checkout errors", severity = "minor", components = new[] { "checkout" }, message = "We are looking into it.",
        })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
