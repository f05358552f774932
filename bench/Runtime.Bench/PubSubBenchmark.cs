using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bench;

/// <summary>
/// Publish → delivered, end to end through <c>pubsub.in-memory</c>: latency at a fixed rate and the most messages per
/// second. The baseline posts the same CloudEvent straight to the subscriber: what delivery costs without a broker.
/// </summary>
internal static class PubSubBenchmark
{
    public sealed record Tick(long Sent, bool Direct);

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var (direct, runtime) = (new Latency(), new Latency());
        long delivered = 0;
        var (app, port) = await BenchApps.StartAppAsync(a =>
        {
            a.UseCloudEvents();
            a.MapSubscribeHandler();
            a.MapPost("/bench", (Tick tick) =>
            {
                (tick.Direct ? direct : runtime).Record(tick.Sent);
                Interlocked.Increment(ref delivered);
            }).WithTopic("pubsub", "bench");
        }, b => b.Services.AddDaprClient());
        var components = BenchApps.Components(("pubsub.yaml", BenchApps.Component("pubsub", "pubsub.in-memory")));
        await using var host = new RuntimeHost();
        await using var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "subscriber", AppPort = port, ResourcesPaths = [components] });
        await sidecar.WaitForReadyAsync();
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        using var http = BenchApps.Client(options.Connections);
        var subscriber = new Uri($"http://127.0.0.1:{port}/bench");

        Task PublishAsync(CancellationToken ct) => dapr.PublishEventAsync("pubsub", "bench", new Tick(Stopwatch.GetTimestamp(), false), ct);
        async Task PostDirectAsync(CancellationToken ct)
        {
            var cloudEvent = "{\"id\":\"" + Guid.NewGuid() + "\",\"source\":\"bench\",\"type\":\"com.dapr.event.sent\",\"specversion\":\"1.0\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"sent\":" + Stopwatch.GetTimestamp() + ",\"direct\":true}}";
            using var content = new StringContent(cloudEvent, Encoding.UTF8, "application/cloudevents+json");
            using var response = await http.PostAsync(subscriber, content, ct);
            response.EnsureSuccessStatusCode();
        }

        await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(2), PublishAsync, new Latency());
        await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(2), PostDirectAsync, new Latency());
        await WaitForQuietAsync(() => Interlocked.Read(ref delivered));
        (direct, runtime) = (new Latency(), new Latency());
        for (var slice = 0; slice < (int)options.Duration.TotalSeconds; slice++)
        {
            await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(1), PostDirectAsync, new Latency());
            await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(1), PublishAsync, new Latency());
        }
        await WaitForQuietAsync(() => Interlocked.Read(ref delivered));
        var (directLatency, runtimeLatency) = (direct, runtime);

        const int burst = 50_000;
        var directRate = await BurstAsync(burst, 64, PostDirectAsync, () => Interlocked.Read(ref delivered));
        var runtimeRate = await BurstAsync(burst, 64, PublishAsync, () => Interlocked.Read(ref delivered));
        await app.DisposeAsync();

        var table = new StringBuilder();
        table.AppendLine($"Pub/sub, in-memory broker: latency at {options.Rate} msg/s over {options.Connections} publishers, then {burst:N0} messages from 64 publishers");
        table.AppendLine();
        table.AppendLine("| path | p50 ms | p99 ms | burst msg/s |");
        table.AppendLine("|---|---|---|---|");
        table.AppendLine($"| POST to the subscriber directly (baseline) | {Latency.Ms(directLatency.Percentile(50))} | {Latency.Ms(directLatency.Percentile(99))} | {directRate.ToString("N0", CultureInfo.InvariantCulture)} |");
        table.AppendLine($"| publish → delivered through the runtime | {Latency.Ms(runtimeLatency.Percentile(50))} | {Latency.Ms(runtimeLatency.Percentile(99))} | {runtimeRate.ToString("N0", CultureInfo.InvariantCulture)} |");
        return table.ToString();
    }

    /// <summary>Sends <paramref name="count"/> messages from N workers and returns delivered messages per second.</summary>
    static async Task<double> BurstAsync(int count, int workers, Func<CancellationToken, Task> send, Func<long> delivered)
    {
        var target = delivered() + count;
        var remaining = count;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0) await send(CancellationToken.None);
        }));
        while (delivered() < target) await Task.Delay(1);
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    static async Task WaitForQuietAsync(Func<long> delivered)
    {
        long last;
        do
        {
            last = delivered();
            await Task.Delay(200);
        }
        while (delivered() != last);
    }
}
