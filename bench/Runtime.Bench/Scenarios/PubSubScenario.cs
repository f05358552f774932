using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Dapr.Client;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// Pub/sub on <c>pubsub.in-memory</c>: (a) end-to-end latency, publish (DaprClient, gRPC) → delivered to the subscriber route, at
/// a fixed rate; (b) delivered messages per second when publishing as fast as possible. Baseline for both: the same CloudEvent
/// POSTed straight to the subscriber route — what delivery costs without the broker.
/// </summary>
internal sealed class PubSubScenario : IScenario
{
    private const int DirectAtRate = 0, RuntimeAtRate = 1, DirectBurst = 2, RuntimeBurst = 3;
    private const double TargetP99 = 5.0, TargetThroughput = 10_000;
    private static readonly MediaTypeHeaderValue CloudEventJson = new("application/cloudevents+json");

    public string Name => "pubsub";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create();
        components.Add(SubscriberApp.PubSub, "pubsub.in-memory");
        var deliveries = new Deliveries(4);
        var appPort = FreePort.Next();
        await using var app = SubscriberApp.Build(appPort, deliveries);
        await app.StartAsync(cancellationToken);
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(
            new SidecarOptions { AppId = "subscriber", AppPort = appPort, ResourcesPaths = [components.Directory] }, cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        using var direct = LoadClient.Create($"http://127.0.0.1:{appPort}", Math.Max(settings.Connections, settings.Publishers));

        Task Publish(BenchEvent e, CancellationToken ct) => client.PublishEventAsync(SubscriberApp.PubSub, SubscriberApp.Topic, e, ct);
        Task Post(BenchEvent e, CancellationToken ct) => PostCloudEventAsync(direct, e, ct);

        var sent = new long[4];
        Series AtRate(string name, int index, Func<BenchEvent, CancellationToken, Task> send) => new(name, async (length, recorder, ct) =>
        {
            deliveries.Attach(index, recorder);
            var before = Interlocked.Read(ref sent[index]);
            await OpenLoop.RunAsync(async (start, c) =>
            {
                await send(new BenchEvent(index, start), c);
                Interlocked.Increment(ref sent[index]);
            }, settings.Rate, settings.Connections, length, recorder, record: false, ct);
            // Drain before the next slice, so no series' deliveries overlap another's load.
            await deliveries.WaitForAsync(index, Interlocked.Read(ref sent[index]), TimeSpan.FromSeconds(3), ct);
        });
        var baseline = AtRate("POST to the subscriber (baseline)", DirectAtRate, Post);
        var runtime = AtRate("published through the runtime", RuntimeAtRate, Publish);
        await Interleaved.RunAsync([baseline, runtime], settings.Warmup, settings.Duration, settings.Slice, cancellationToken);

        var directBurst = await BurstAsync(deliveries, DirectBurst, Post, settings, cancellationToken);
        var runtimeBurst = await BurstAsync(deliveries, RuntimeBurst, Publish, settings, cancellationToken);

        var (b, r) = (baseline.Latency.Summarize(), runtime.Latency.Summarize());
        long Lost(int index) => Interlocked.Read(ref sent[index]) - deliveries.Count(index);
        var latency = new ResultTable(
                $"(a) End-to-end latency at {settings.Rate:#,0} msg/s open loop, {settings.Connections} publishers",
                "path", "delivered", "lost", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Row(baseline.Name, Figures.Count(b.Count), Figures.Count(Lost(DirectAtRate)), Figures.Count(b.Errors), Figures.Ms(b.P50), Figures.Ms(b.P90), Figures.Ms(b.P99), Figures.Ms(b.Max))
            .Row(runtime.Name, Figures.Count(r.Count), Figures.Count(Lost(RuntimeAtRate)), Figures.Count(r.Errors), Figures.Ms(r.P50), Figures.Ms(r.P90), Figures.Ms(r.P99), Figures.Ms(r.Max))
            .Row("added by the runtime", "", "", "", Figures.SignedMs(r.P50 - b.P50), Figures.SignedMs(r.P90 - b.P90), Figures.SignedMs(r.P99 - b.P99), "")
            .Note($"Target: p99 ≤ {TargetP99:0} ms publish → delivered — {Figures.AtMost(r.P99, TargetP99)}. For scale, daprd 1.17 publish adds +0.53 ms p50.");
        var throughput = new ResultTable(
                $"(b) Throughput: {settings.Messages:#,0} messages, {settings.Publishers} concurrent publishers",
                "path", "delivered", "errors", "sent/s", "delivered msg/s", "vs baseline", "p50 ms", "p99 ms")
            .Row(directBurst.Row("POST to the subscriber (baseline)", directBurst))
            .Row(runtimeBurst.Row("published through the runtime", directBurst))
            .Note($"Target: ≥ {TargetThroughput:#,0} delivered msg/s — {Figures.AtLeast(runtimeBurst.DeliveredPerSecond, TargetThroughput)}. " +
                  "Delivered msg/s = messages delivered / time from the first send to the last delivery.");
        return [latency, throughput];
    }

    private static async Task<Burst> BurstAsync(Deliveries deliveries, int index, Func<BenchEvent, CancellationToken, Task> send,
        BenchSettings settings, CancellationToken cancellationToken)
    {
        var recorder = new LatencyRecorder();
        deliveries.Attach(index, recorder);
        var (next, failed) = (0L, 0L);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Publishers).Select(async _ =>
        {
            await Task.Yield();
            while (Interlocked.Increment(ref next) <= settings.Messages)
            {
                try { await send(new BenchEvent(index, Stopwatch.GetTimestamp()), cancellationToken); }
                catch (Exception) when (!cancellationToken.IsCancellationRequested) { Interlocked.Increment(ref failed); }
            }
        }));
        var sentIn = Stopwatch.GetElapsedTime(start);
        await deliveries.WaitForAsync(index, settings.Messages - failed, TimeSpan.FromSeconds(60), cancellationToken);
        var deliveredIn = Stopwatch.GetElapsedTime(start, Math.Max(deliveries.LastDelivery(index), start));
        return new Burst(deliveries.Count(index), failed, settings.Messages / sentIn.TotalSeconds,
            deliveredIn > TimeSpan.Zero ? deliveries.Count(index) / deliveredIn.TotalSeconds : 0, recorder.Summarize());
    }

    private static async Task PostCloudEventAsync(HttpClient client, BenchEvent e, CancellationToken cancellationToken)
    {
        var envelope = $$$"""
            {"specversion":"1.0","id":"{{{Guid.NewGuid()}}}","source":"bench","type":"com.dapr.event.sent","datacontenttype":"application/json","topic":"{{{SubscriberApp.Topic}}}","pubsubname":"{{{SubscriberApp.PubSub}}}","data":{"series":{{{e.Series}}},"start":{{{e.Start}}}}}
            """;
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope));
        content.Headers.ContentType = CloudEventJson;
        using var response = await client.PostAsync(SubscriberApp.Route, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed record Burst(long Delivered, long Errors, double SentPerSecond, double DeliveredPerSecond, LatencySummary Latency)
    {
        public string[] Row(string name, Burst baseline) =>
        [
            name, Figures.Count(Delivered), Figures.Count(Errors), Figures.PerSecond(SentPerSecond), Figures.PerSecond(DeliveredPerSecond),
            Figures.Ratio(DeliveredPerSecond, baseline.DeliveredPerSecond), Figures.Ms(Latency.P50), Figures.Ms(Latency.P99),
        ];
    }
}
