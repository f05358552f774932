using Dapr.Client;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// State: <c>GetStateAsync</c> and <c>SaveStateAsync</c> of the official DaprClient (gRPC) on <c>state.in-memory</c> and
/// <c>state.sqlite</c>, closed loop. Baseline: the same number of concurrent <c>GetMetadataAsync</c> calls, a gRPC round trip to
/// the sidecar that does no store work.
/// </summary>
internal sealed class StateScenario : IScenario
{
    private const int Keys = 1000, KeysPerWorker = 64;
    private const double TargetMemoryGets = 20_000, TargetSqliteSaves = 5_000;
    private static readonly string Value = new('v', 1000);

    public string Name => "state";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create();
        components
            .Add("memstore", "state.in-memory")
            .Add("sqlitestore", "state.sqlite", ("connectionString", components.PathOf("state.db")));
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench-state", ResourcesPaths = [components.Directory] }, cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();

        string[] stores = ["memstore", "sqlitestore"];
        foreach (var store in stores)
            for (var k = 0; k < Keys; k++) await client.SaveStateAsync(store, $"k{k}", Value, cancellationToken: cancellationToken);

        Series Loop(string name, Func<int, long, CancellationToken, Task> operation) =>
            new(name, (length, recorder, ct) => ClosedLoop.RunAsync(operation, settings.Connections, length, recorder, ct));
        var baseline = Loop("metadata", (_, _, ct) => client.GetMetadataAsync(ct));
        var measured = stores.SelectMany(store => new[]
        {
            (Store: store, Op: "get", Series: Loop($"{store} get", (w, i, ct) => GetAsync(client, store, $"k{(w * 7919 + i * 31) % Keys}", ct))),
            (Store: store, Op: "save", Series: Loop($"{store} save", (w, i, ct) => client.SaveStateAsync(store, $"w{w}-{i % KeysPerWorker}", Value, cancellationToken: ct))),
        }).ToArray();

        // Five series in turn: each gets half the duration so that `all` stays near two minutes.
        var perSeries = settings.Duration / 2;
        await Interleaved.RunAsync([baseline, .. measured.Select(m => m.Series)], settings.Warmup, perSeries, settings.Slice, cancellationToken);

        var b = baseline.Latency.Summarize();
        var table = new ResultTable(
                $"State through DaprClient (gRPC), 1 KB values, closed loop with {settings.Connections} workers, {perSeries.TotalSeconds:0.#} s per series",
                "store", "operation", "ops/s", "vs baseline", "p50 ms", "p99 ms", "p99 added", "errors")
            .Row("— (baseline)", "GetMetadataAsync", Figures.PerSecond(baseline.Throughput), "×1.00", Figures.Ms(b.P50), Figures.Ms(b.P99), "", Figures.Count(b.Errors));
        foreach (var (store, op, series) in measured)
        {
            var s = series.Latency.Summarize();
            table.Row(store, op, Figures.PerSecond(series.Throughput), Figures.Ratio(series.Throughput, baseline.Throughput),
                Figures.Ms(s.P50), Figures.Ms(s.P99), Figures.SignedMs(s.P99 - b.P99), Figures.Count(s.Errors));
        }
        var memoryGets = measured.Single(m => m is { Store: "memstore", Op: "get" }).Series.Throughput;
        var sqliteSaves = measured.Single(m => m is { Store: "sqlitestore", Op: "save" }).Series.Throughput;
        table.Note($"Targets: ≥ {TargetMemoryGets:#,0} gets/s in memory — {Figures.AtLeast(memoryGets, TargetMemoryGets)}; " +
                   $"≥ {TargetSqliteSaves:#,0} durable saves/s on SQLite — {Figures.AtLeast(sqliteSaves, TargetSqliteSaves)}. " +
                   "The load generator shares the machine's cores with the sidecar.");
        return [table];
    }

    private static async Task GetAsync(DaprClient client, string store, string key, CancellationToken cancellationToken)
    {
        var value = await client.GetStateAsync<string>(store, key, cancellationToken: cancellationToken);
        if (value?.Length != Value.Length) throw new InvalidOperationException($"{store} returned no value for seeded key {key}");
    }
}
