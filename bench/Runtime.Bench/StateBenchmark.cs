using System.Globalization;
using System.Text;
using Dapr.Client;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench;

/// <summary>
/// State get and save through the SDK (gRPC) on in-memory and SQLite stores, closed loop with N workers; the baseline is
/// the cheapest gRPC round trip to the same sidecar (GetMetadata), which bounds what any state call can reach.
/// </summary>
internal static class StateBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var components = BenchApps.Components(
            ("mem.yaml", BenchApps.Component("memstore", "state.in-memory")),
            ("sqlite.yaml", BenchApps.Component("sqlitestore", "state.sqlite", ("connectionString", "{{DIR}}/bench.db"))));
        await using var host = new RuntimeHost();
        await using var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "bench", ResourcesPaths = [components] });
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        var value = new { id = "order-1", amount = 12.5, currency = "EUR", items = new[] { "a", "b", "c" } };
        foreach (var store in new[] { "memstore", "sqlitestore" })
            for (var i = 0; i < 1000; i++) await dapr.SaveStateAsync(store, $"key-{i}", value);

        var table = new StringBuilder();
        table.AppendLine($"State through the .NET SDK (gRPC), {options.Connections} concurrent workers, {options.Duration.TotalSeconds:0} s per row");
        table.AppendLine();
        table.AppendLine("| operation | ops/s | p50 ms | p99 ms | vs baseline |");
        table.AppendLine("|---|---|---|---|---|");
        var baseline = await MeasureAsync(options, () => dapr.GetMetadataAsync());
        table.AppendLine(Row("GetMetadata round trip (baseline)", baseline, baseline.OpsPerSecond));
        foreach (var store in new[] { "memstore", "sqlitestore" })
        {
            var get = await MeasureAsync(options, () => dapr.GetStateAsync<object>(store, $"key-{Random.Shared.Next(1000)}"));
            table.AppendLine(Row($"get, {store}", get, baseline.OpsPerSecond));
            var save = await MeasureAsync(options, () => dapr.SaveStateAsync(store, $"key-{Random.Shared.Next(1000)}", value));
            table.AppendLine(Row($"save, {store}", save, baseline.OpsPerSecond));
        }
        return table.ToString();
    }

    sealed record Result(double OpsPerSecond, Latency Latency);

    static async Task<Result> MeasureAsync(BenchOptions options, Func<Task> call)
    {
        await OpenLoop.SaturateAsync(options.Connections, TimeSpan.FromSeconds(1), call, new Latency());
        var latency = new Latency();
        var done = await OpenLoop.SaturateAsync(options.Connections, options.Duration, call, latency);
        return new Result(done / options.Duration.TotalSeconds, latency);
    }

    static string Row(string name, Result result, double baseline) =>
        $"| {name} | {result.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} | {Latency.Ms(result.Latency.Percentile(50))} | {Latency.Ms(result.Latency.Percentile(99))} | {(result.OpsPerSecond / baseline).ToString("0.00", CultureInfo.InvariantCulture)}× |";
}
