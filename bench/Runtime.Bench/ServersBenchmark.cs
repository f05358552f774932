using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace GoLive.Runtime.Bench;

/// <summary>
/// State on real PostgreSQL and Redis through the runtime, next to the same get and save done directly with Npgsql and
/// StackExchange.Redis in the same run; and Redis Streams pub/sub throughput end to end. Needs both servers on loopback
/// (GOLIVE_POSTGRES, GOLIVE_REDIS override the addresses).
/// </summary>
internal static class ServersBenchmark
{
    static readonly string Postgres = Environment.GetEnvironmentVariable("GOLIVE_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";
    static readonly string Redis = Environment.GetEnvironmentVariable("GOLIVE_REDIS") ?? "127.0.0.1:6379";

    public static async Task<string> RunAsync(BenchOptions options)
    {
        var value = """{"id":"order-1","amount":12.5,"currency":"EUR","items":["a","b","c"]}""";
        var components = BenchApps.Components(
            ("pg.yaml", BenchApps.Component("pgstore", "state.postgresql", ("connectionString", Postgres), ("tableName", "golive_bench"))),
            ("redis.yaml", BenchApps.Component("redisstore", "state.redis", ("redisHost", Redis))));
        await using var host = new RuntimeHost();
        await using var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench", ResourcesPaths = [components] });
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        await using var pg = NpgsqlDataSource.Create(Postgres);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis);
        var db = redis.GetDatabase();
        await Exec(pg, "CREATE TABLE IF NOT EXISTS golive_bench_direct (key text PRIMARY KEY, value jsonb NOT NULL)");
        for (var i = 0; i < 1000; i++)
        {
            await dapr.SaveStateAsync("pgstore", $"key-{i}", value);
            await dapr.SaveStateAsync("redisstore", $"key-{i}", value);
            await Exec(pg, "INSERT INTO golive_bench_direct VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", $"key-{i}", value);
            await db.HashSetAsync($"direct-{i}", [new("data", value), new("version", 1)]);
        }
        static string Key() => $"key-{Random.Shared.Next(1000)}";

        var table = new StringBuilder();
        table.AppendLine($"State on real servers, {options.Connections} concurrent workers, {options.Duration.TotalSeconds:0} s per row");
        table.AppendLine();
        table.AppendLine("| operation | direct ops/s | direct p50 ms | runtime ops/s | runtime p50 ms | runtime p99 ms | **p50 added ms** |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        table.AppendLine(await RowAsync(options, "PostgreSQL get",
            () => Exec(pg, "SELECT value::text FROM golive_bench_direct WHERE key = $1", Key()), () => dapr.GetStateAsync<string>("pgstore", Key())));
        table.AppendLine(await RowAsync(options, "PostgreSQL save",
            () => Exec(pg, "INSERT INTO golive_bench_direct VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", Key(), value),
            () => dapr.SaveStateAsync("pgstore", Key(), value)));
        table.AppendLine(await RowAsync(options, "Redis get",
            () => db.HashGetAsync("direct-" + Random.Shared.Next(1000), "data"), () => dapr.GetStateAsync<string>("redisstore", Key())));
        table.AppendLine(await RowAsync(options, "Redis save",
            () => db.HashSetAsync("direct-" + Random.Shared.Next(1000), [new("data", value), new("version", 2)]), () => dapr.SaveStateAsync("redisstore", Key(), value)));
        table.AppendLine();
        table.AppendLine(await StreamsAsync());
        return table.ToString();
    }

    static async Task<string> RowAsync(BenchOptions options, string name, Func<Task> direct, Func<Task> runtime)
    {
        await OpenLoop.SaturateAsync(options.Connections, TimeSpan.FromSeconds(1), direct, new Latency());
        await OpenLoop.SaturateAsync(options.Connections, TimeSpan.FromSeconds(1), runtime, new Latency());
        var (d, r) = (new Latency(), new Latency());
        var directOps = await OpenLoop.SaturateAsync(options.Connections, options.Duration, direct, d) / options.Duration.TotalSeconds;
        var runtimeOps = await OpenLoop.SaturateAsync(options.Connections, options.Duration, runtime, r) / options.Duration.TotalSeconds;
        return $"| {name} | {directOps.ToString("N0", CultureInfo.InvariantCulture)} | {Latency.Ms(d.Percentile(50))} | {runtimeOps.ToString("N0", CultureInfo.InvariantCulture)} | {Latency.Ms(r.Percentile(50))} | {Latency.Ms(r.Percentile(99))} | **{Latency.Ms(r.Percentile(50) - d.Percentile(50))}** |";
    }

    /// <summary>Redis Streams end to end: 20,000 events from 64 publishers to an in-process subscriber.</summary>
    static async Task<string> StreamsAsync()
    {
        const int count = 20_000;
        var topic = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var latency = new Latency();
        long delivered = 0;
        var (app, port) = await BenchApps.StartAppAsync(a =>
        {
            a.UseCloudEvents();
            a.MapSubscribeHandler();
            a.MapPost("/bench", (PubSubBenchmark.Tick tick) =>
            {
                latency.Record(tick.Sent);
                Interlocked.Increment(ref delivered);
            }).WithTopic("pubsub", topic);
        }, b => b.Services.AddDaprClient());
        var components = BenchApps.Components(("pubsub.yaml", BenchApps.Component("pubsub", "pubsub.redis", ("redisHost", Redis), ("concurrency", "64"))));
        await using var host = new RuntimeHost();
        await using var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "streams-bench", AppPort = port, ResourcesPaths = [components] });
        await sidecar.WaitForReadyAsync();
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        var remaining = count;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
                await dapr.PublishEventAsync("pubsub", topic, new PubSubBenchmark.Tick(Stopwatch.GetTimestamp(), false));
        }));
        while (Interlocked.Read(ref delivered) < count) await Task.Delay(5);
        var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await app.DisposeAsync();
        return $"Redis Streams (`pubsub.redis`), {count:N0} events from 64 publishers: **{rate.ToString("N0", CultureInfo.InvariantCulture)} msg/s** delivered, publish→delivered p50 {Latency.Ms(latency.Percentile(50))} ms, p99 {Latency.Ms(latency.Percentile(99))} ms (under full load).";
    }

    static async Task Exec(NpgsqlDataSource pg, string sql, params object[] args)
    {
        await using var command = pg.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.AddWithValue(arg);
        await command.ExecuteNonQueryAsync();
    }
}
