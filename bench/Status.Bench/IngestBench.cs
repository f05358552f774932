extern alias status;

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using status::GoLive.Status.Samples;

namespace GoLive.Status.Bench;

/// <summary>
/// Samples/s through <c>POST /v1/samples</c> (validate, journal to SQLite through the sidecar, merge into sketches)
/// against a baseline in the same process: the same bodies POSTed to a bare Kestrel route that only parses them into
/// <c>SampleBatch</c>. Rounds alternate baseline and Status so both see the same machine.
/// </summary>
internal static class IngestBench
{
    private const int BatchSize = 1_000;
    private const int Clients = 16;
    private const int Bodies = 32;

    public static async Task RunAsync(TimeSpan duration, int rounds)
    {
        await using var status = await StatusHost.StartAsync();
        await using var baseline = await StartBaselineAsync();
        var baselineUrl = baseline.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/parse";
        var random = new Random(7);
        var bodies = Enumerable.Range(0, Bodies).Select(_ => StatusHost.Batch(BatchSize, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), random)).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients });
        // As tools/Status.Feed posts: an operator key with status:ingest (the baseline ignores it).
        http.DefaultRequestHeaders.Authorization = GoLive.Testing.TestOperators.With(GoLive.ServiceDefaults.Operators.OperatorRoles.StatusIngest).Authorization;

        await PostForAsync(http, baselineUrl, bodies, TimeSpan.FromSeconds(2)); // warm-up, both
        await PostForAsync(http, status.BaseUrl + "/v1/samples", bodies, TimeSpan.FromSeconds(2));
        Machine.Report.WriteLine($"batches of {BatchSize:N0} samples, {Clients} concurrent clients, {duration.TotalSeconds:0} s per series");
        Machine.Report.WriteLine("| round | baseline: parse only (samples/s) | Status POST /v1/samples (samples/s) | ratio | Status p50 / p99 per batch | errors |");
        Machine.Report.WriteLine("|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            var parse = await PostForAsync(http, baselineUrl, bodies, duration);
            var ingest = await PostForAsync(http, status.BaseUrl + "/v1/samples", bodies, duration);
            Machine.Report.WriteLine($"| {round} | {parse.SamplesPerSecond:N0} | {ingest.SamplesPerSecond:N0} | {ingest.SamplesPerSecond / parse.SamplesPerSecond:P0} " +
                $"| {ingest.P50:0.0} / {ingest.P99:0.0} ms | {parse.Errors + ingest.Errors} |");
        }
    }

    private sealed record Run(double SamplesPerSecond, double P50, double P99, int Errors);

    private static async Task<Run> PostForAsync(HttpClient http, string url, byte[][] bodies, TimeSpan duration)
    {
        var latencies = new List<double>[Clients];
        var errors = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async client =>
        {
            var mine = latencies[client] = [];
            for (var n = client; Stopwatch.GetElapsedTime(started) < duration; n += Clients)
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(url, content);
                if (response.IsSuccessStatusCode)
                {
                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Run(all.Length * (double)BatchSize / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Ceiling(q * sorted.Length) - 1];

    private static async Task<WebApplication> StartBaselineAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        app.MapPost("/parse", async (HttpRequest request) =>
        {
            var batch = await request.ReadFromJsonAsync<SampleBatch>(json);
            return Results.Ok(new IngestResult(batch?.Samples?.Count ?? 0));
        });
        await app.StartAsync();
        return app;
    }
}
