using Dapr.Client;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;
using StackExchange.Redis;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// Where the state overhead goes: a round trip to the sidecar that does no store work (metadata) and an in-memory get, each
/// through the SDK (gRPC) and the HTTP API, next to a direct Redis read, at a steady rate. Needs Redis (GOLIVE_REDIS).
/// </summary>
internal sealed class HopScenario : IScenario
{
    private static readonly string Redis = Environment.GetEnvironmentVariable("GOLIVE_REDIS") ?? "127.0.0.1:6379";
    private const string Value = """{"id":"order-1","amount":12.5,"currency":"EUR","items":["a","b","c"]}""";

    public string Name => "hop";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create();
        components.Add("memstore", "state.in-memory");
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench-hop", ResourcesPaths = [components.Directory] }, cancellationToken);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis);
        var db = redis.GetDatabase();
        await client.SaveStateAsync("memstore", "k", Value, cancellationToken: cancellationToken);
        await db.HashSetAsync("golive-bench-hop", [new("data", Value), new("version", 1)]);
        (string Path, Func<CancellationToken, Task> Call)[] calls =
        [
            ("Redis HGET, direct (for scale)", _ => db.HashGetAsync("golive-bench-hop", "data")),
            ("metadata through the SDK (gRPC)", ct => client.GetMetadataAsync(ct)),
            ("metadata through the HTTP API", ct => http.GetStringAsync("/v1.0/metadata", ct)),
            ("in-memory get through the SDK (gRPC)", ct => client.GetStateAsync<string>("memstore", "k", cancellationToken: ct)),
            ("in-memory get through the HTTP API", ct => http.GetStringAsync("/v1.0/state/memstore/k", ct)),
        ];
        var series = calls.Select(c => new Series(c.Path, (length, recorder, ct) =>
            OpenLoop.RunAsync((_, token) => c.Call(token), settings.Rate, settings.Connections, length, recorder, record: true, ct))).ToArray();
        await Interleaved.RunAsync(series, settings.Warmup, settings.Duration, settings.Slice, cancellationToken);

        var table = new ResultTable($"One round trip to the sidecar at {settings.Rate:#,0} calls/s open loop, {settings.Connections} connections",
            "call", "p50 ms", "p90 ms", "p99 ms", "errors");
        foreach (var s in series)
        {
            var l = s.Latency.Summarize();
            table.Row(s.Name, Figures.Ms(l.P50), Figures.Ms(l.P90), Figures.Ms(l.P99), Figures.Count(l.Errors));
        }
        return [table.Note("The gRPC rows minus the HTTP rows are what HTTP/2 and gRPC framing cost over HTTP/1.1 on this machine.")];
    }
}
