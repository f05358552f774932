using System.Diagnostics;
using Dapr.Client;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;
using Npgsql;
using StackExchange.Redis;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// State on real PostgreSQL and Redis through the runtime, each next to the same get or save done directly with Npgsql or
/// StackExchange.Redis in the same run; then Redis Streams (<c>pubsub.redis</c>) publish → delivered throughput. Needs both
/// servers on loopback (.ci/run starts them; GOLIVE_POSTGRES and GOLIVE_REDIS override the addresses).
/// </summary>
internal sealed class ServersScenario : IScenario
{
    private const int Keys = 1000;
    private const double TargetAddedMs = 0.3, TargetStreams = 5_000;
    private static readonly string ValueAsJson = System.Text.Json.JsonSerializer.Serialize(Value);
    private static readonly TimeSpan StreamsWarmup = TimeSpan.FromSeconds(30);
    private const string Value = """{"id":"order-1","amount":12.5,"currency":"EUR","items":["a","b","c"]}""";
    private static readonly string Postgres = Environment.GetEnvironmentVariable("GOLIVE_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";
    private static readonly string Redis = Environment.GetEnvironmentVariable("GOLIVE_REDIS") ?? "127.0.0.1:6379";

    public string Name => "servers";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create();
        components
            .Add("pgstore", "state.postgresql", ("connectionString", Postgres), ("tableName", "golive_bench"))
            .Add("redisstore", "state.redis", ("redisHost", Redis));
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench-servers", ResourcesPaths = [components.Directory] }, cancellationToken);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        await using var pg = NpgsqlDataSource.Create(Postgres);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis);
        var db = redis.GetDatabase();
        await ExecAsync(pg, "CREATE TABLE IF NOT EXISTS golive_bench_direct (key text PRIMARY KEY, value jsonb NOT NULL)");
        for (var k = 0; k < Keys; k++)
        {
            await client.SaveStateAsync("pgstore", $"k{k}", Value, cancellationToken: cancellationToken);
            await client.SaveStateAsync("redisstore", $"k{k}", Value, cancellationToken: cancellationToken);
            await ExecAsync(pg, "INSERT INTO golive_bench_direct VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", $"k{k}", Value);
            await db.HashSetAsync($"direct-k{k}", [new("data", Value), new("version", 1)]);
        }
        static string Key(int worker, long i) => $"k{(worker * 7919 + i * 31) % Keys}";
        // Per operation: done directly, through the SDK (gRPC), through the sidecar's HTTP API (what curl or a non-.NET client uses).
        Func<int, long, CancellationToken, Task>[][] operations =
        [
            [(w, i, _) => ExecAsync(pg, "SELECT value::text FROM golive_bench_direct WHERE key = $1", Key(w, i)),
                (w, i, ct) => client.GetStateAsync<string>("pgstore", Key(w, i), cancellationToken: ct),
                (w, i, ct) => HttpGetAsync(http, "pgstore", Key(w, i), ct)],
            [(w, i, _) => ExecAsync(pg, "INSERT INTO golive_bench_direct VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", Key(w, i), Value),
                (w, i, ct) => client.SaveStateAsync("pgstore", Key(w, i), Value, cancellationToken: ct),
                (w, i, ct) => HttpSaveAsync(http, "pgstore", Key(w, i), ct)],
            [(w, i, _) => db.HashGetAsync("direct-" + Key(w, i), "data"),
                (w, i, ct) => client.GetStateAsync<string>("redisstore", Key(w, i), cancellationToken: ct),
                (w, i, ct) => HttpGetAsync(http, "redisstore", Key(w, i), ct)],
            [(w, i, _) => db.HashSetAsync("direct-" + Key(w, i), [new("data", Value), new("version", i)]),
                (w, i, ct) => client.SaveStateAsync("redisstore", Key(w, i), Value, cancellationToken: ct),
                (w, i, ct) => HttpSaveAsync(http, "redisstore", Key(w, i), ct)],
        ];
        string[] names = ["PostgreSQL get", "PostgreSQL save", "Redis get", "Redis save"];
        return
        [
            await LatencyAsync(settings, names, operations, cancellationToken),
            await SaturationAsync(settings, names, operations, cancellationToken),
            await StreamsAsync(settings, db, cancellationToken),
        ];
    }

    /// <summary>
    /// The overhead the target is about: each operation at a steady rate well below saturation, so its latency is the
    /// work of one call (the extra gRPC hop and the runtime's handling), not queueing behind other calls.
    /// </summary>
    private static async Task<ResultTable> LatencyAsync(BenchSettings settings, string[] names, Func<int, long, CancellationToken, Task>[][] operations,
        CancellationToken cancellationToken)
    {
        Series Steady(string name, Func<int, long, CancellationToken, Task> operation)
        {
            var sequence = 0L;
            return new(name, (length, recorder, ct) => OpenLoop.RunAsync((_, c) => operation(0, Interlocked.Increment(ref sequence), c),
                settings.Rate, settings.Connections, length, recorder, record: true, ct));
        }
        var paths = names.Select((n, i) => (Operation: n, Direct: Steady(n + " direct", operations[i][0]),
            Grpc: Steady(n + " gRPC", operations[i][1]), Http: Steady(n + " HTTP", operations[i][2]))).ToArray();
        var perSeries = settings.Duration / 2;
        await Interleaved.RunAsync([.. paths.SelectMany(p => new[] { p.Direct, p.Grpc, p.Http })], settings.Warmup, perSeries, settings.Slice, cancellationToken);

        var table = new ResultTable(
            $"State on real servers: latency at {settings.Rate:#,0} ops/s open loop, {settings.Connections} connections, {perSeries.TotalSeconds:0.#} s per series",
            "operation", "direct p50 ms", "SDK (gRPC) p50 ms", "HTTP API p50 ms", "p50 added, gRPC", "p50 added, HTTP", "p99 direct / gRPC / HTTP ms", "errors");
        foreach (var (operation, direct, grpc, viaHttp) in paths)
        {
            var (d, g, h) = (direct.Latency.Summarize(), grpc.Latency.Summarize(), viaHttp.Latency.Summarize());
            table.Row(operation, Figures.Ms(d.P50), Figures.Ms(g.P50), Figures.Ms(h.P50), Figures.SignedMs(g.P50 - d.P50), Figures.SignedMs(h.P50 - d.P50),
                $"{Figures.Ms(d.P99)} / {Figures.Ms(g.P99)} / {Figures.Ms(h.P99)}", Figures.Count(d.Errors + g.Errors + h.Errors));
        }
        double Worst(Func<(string Operation, Series Direct, Series Grpc, Series Http), Series> path) =>
            paths.Max(p => path(p).Latency.Summarize().P50 - p.Direct.Latency.Summarize().P50);
        var (worstGrpc, worstHttp) = (Worst(p => p.Grpc), Worst(p => p.Http));
        return table.Note($"Target: the runtime adds ≤ {TargetAddedMs} ms p50 to the direct client — through the SDK (gRPC) " +
            $"{(worstGrpc <= TargetAddedMs ? "met" : "missed")} (worst +{worstGrpc:0.000} ms), through the HTTP API " +
            $"{(worstHttp <= TargetAddedMs ? "met" : "missed")} (worst +{worstHttp:0.000} ms). The runtime paths include the hop to the sidecar; the direct path has none.");
    }

    /// <summary>Throughput at saturation: 16 workers back to back, client, runtime and server sharing the cores.</summary>
    private static async Task<ResultTable> SaturationAsync(BenchSettings settings, string[] names, Func<int, long, CancellationToken, Task>[][] operations,
        CancellationToken cancellationToken)
    {
        Series Loop(string name, Func<int, long, CancellationToken, Task> operation) =>
            new(name, (length, recorder, ct) => ClosedLoop.RunAsync(operation, settings.Connections, length, recorder, ct));
        var pairs = names.Select((n, i) => (Operation: n, Direct: Loop(n + " direct", operations[i][0]), Runtime: Loop(n + " gRPC", operations[i][1]))).ToArray();
        var perSeries = settings.Duration / 2;
        await Interleaved.RunAsync([.. pairs.SelectMany(p => new[] { p.Direct, p.Runtime })], settings.Warmup, perSeries, settings.Slice, cancellationToken);

        var table = new ResultTable(
            $"State on real servers at saturation, closed loop with {settings.Connections} workers, {perSeries.TotalSeconds:0.#} s per series",
            "operation", "direct ops/s", "direct p50 ms", "runtime ops/s", "runtime p50 ms", "runtime p99 ms", "errors");
        foreach (var (operation, direct, runtime) in pairs)
        {
            var (d, r) = (direct.Latency.Summarize(), runtime.Latency.Summarize());
            table.Row(operation, Figures.PerSecond(direct.Throughput), Figures.Ms(d.P50), Figures.PerSecond(runtime.Throughput),
                Figures.Ms(r.P50), Figures.Ms(r.P99), Figures.Count(d.Errors + r.Errors));
        }
        return table.Note("Latency here is queueing at saturation (workers ÷ throughput), not per-call overhead; the table above measures that.");
    }

    /// <summary>Redis Streams end to end: every message from many publishers, delivered msg/s until the last delivery.</summary>
    private static async Task<ResultTable> StreamsAsync(BenchSettings settings, IDatabase db, CancellationToken cancellationToken)
    {
        await db.KeyDeleteAsync(SubscriberApp.Topic);
        using var components = BenchComponents.Create();
        components.Add(SubscriberApp.PubSub, "pubsub.redis", ("redisHost", Redis), ("concurrency", "64"));
        var deliveries = new Deliveries(2);
        var port = FreePort.Next();
        await using var app = SubscriberApp.Build(port, deliveries);
        await app.StartAsync(cancellationToken);
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench-streams", AppPort = port, ResourcesPaths = [components.Directory] }, cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();

        // Unmeasured bursts first (series 1): tiered JIT needs about half a minute of this traffic before the publish path
        // (gRPC, Kestrel HTTP/2, StackExchange.Redis) runs optimised code; cold, the same burst runs at half the rate.
        var warmup = settings.Warmup > StreamsWarmup ? settings.Warmup : StreamsWarmup;
        var warmupStart = Stopwatch.GetTimestamp();
        for (var warmed = 0L; Stopwatch.GetElapsedTime(warmupStart) < warmup;)
        {
            warmed += await PublishBurstAsync(client, series: 1, 5_000, settings.Publishers, cancellationToken);
            if (!await deliveries.WaitForAsync(1, warmed, TimeSpan.FromSeconds(60), cancellationToken))
                throw new TimeoutException($"warm-up: {deliveries.Count(1):#,0} of {warmed:#,0} events delivered after a minute");
        }

        var recorder = new LatencyRecorder();
        deliveries.Attach(0, recorder);
        var count = Math.Min(settings.Messages, 20_000);
        var start = Stopwatch.GetTimestamp();
        await PublishBurstAsync(client, series: 0, count, settings.Publishers, cancellationToken);
        var published = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        await deliveries.WaitForAsync(0, count, TimeSpan.FromSeconds(120), cancellationToken);
        var rate = deliveries.Count(0) / Stopwatch.GetElapsedTime(start, deliveries.LastDelivery(0)).TotalSeconds;
        var latency = recorder.Summarize();
        return new ResultTable($"Redis Streams (pubsub.redis): {count:#,0} events from {settings.Publishers} publishers after {warmup.TotalSeconds:0} s of warm-up",
                "delivered", "published msg/s", "delivered msg/s", "p50 ms", "p99 ms")
            .Row(Figures.Count(deliveries.Count(0)), Figures.PerSecond(published), Figures.PerSecond(rate), Figures.Ms(latency.P50), Figures.Ms(latency.P99))
            .Note($"Target: ≥ {TargetStreams:#,0} msg/s — {Figures.AtLeast(rate, TargetStreams)}. Latency includes the backlog of a burst.");
    }

    /// <summary>Publishes <paramref name="count"/> events of one series from concurrent publishers, as fast as they are accepted.</summary>
    private static async Task<long> PublishBurstAsync(DaprClient client, int series, long count, int publishers, CancellationToken cancellationToken)
    {
        var next = 0L;
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(async _ =>
        {
            await Task.Yield();
            while (Interlocked.Increment(ref next) <= count)
                await client.PublishEventAsync(SubscriberApp.PubSub, SubscriberApp.Topic, new BenchEvent(series, Stopwatch.GetTimestamp()), cancellationToken);
        }));
        return count;
    }

    private static async Task HttpGetAsync(HttpClient http, string store, string key, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/v1.0/state/{store}/{key}", cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.OK) throw new InvalidOperationException($"get {key}: HTTP {(int)response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task HttpSaveAsync(HttpClient http, string store, string key, CancellationToken cancellationToken)
    {
        // The value as the SDK writes it (a JSON string), so that either front end reads what the other saved.
        using var body = new StringContent($$"""[{"key":"{{key}}","value":{{ValueAsJson}}}]""", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/v1.0/state/{store}", body, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"save {key}: HTTP {(int)response.StatusCode}");
    }

    private static async Task ExecAsync(NpgsqlDataSource pg, string sql, params object[] args)
    {
        await using var command = pg.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.AddWithValue(arg);
        await command.ExecuteNonQueryAsync();
    }
}
