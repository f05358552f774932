using System.Text;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GoLive.Runtime.Bench;

/// <summary>
/// Service invocation through the runtime versus calling the app directly: 1 KB bodies at a fixed rate over N
/// connections, alternating one-second slices of each so that both see the same machine.
/// </summary>
internal static class InvokeBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var (app, port) = await BenchApps.StartAppAsync(a => a.MapPost("/echo", async (HttpRequest request, HttpResponse response) =>
        {
            response.ContentType = "application/octet-stream";
            await request.Body.CopyToAsync(response.Body);
        }));
        await using var host = new RuntimeHost();
        await using var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "target", AppPort = port, ResourcesPaths = [BenchApps.Components()] });
        await sidecar.WaitForReadyAsync();
        using var http = BenchApps.Client(options.Connections);
        var body = Encoding.ASCII.GetBytes(new string('x', 1024));
        var direct = new Uri($"http://127.0.0.1:{port}/echo");
        var viaRuntime = new Uri($"{sidecar.HttpEndpoint}/v1.0/invoke/target/method/echo");
        Func<CancellationToken, Task> Call(Uri uri) => async ct =>
        {
            using var response = await http.PostAsync(uri, new ByteArrayContent(body), ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
        };

        await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(2), Call(direct), new Latency());
        await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(2), Call(viaRuntime), new Latency());
        var (baseline, runtime) = (new Latency(), new Latency());
        for (var slice = 0; slice < (int)options.Duration.TotalSeconds; slice++)
        {
            await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(1), Call(direct), baseline);
            await OpenLoop.RunAsync(options.Rate, options.Connections, TimeSpan.FromSeconds(1), Call(viaRuntime), runtime);
        }
        await app.DisposeAsync();

        var table = new StringBuilder();
        table.AppendLine($"Invocation, 1 KB body, {options.Rate} req/s, {options.Connections} connections, {baseline.Count + runtime.Count} requests");
        table.AppendLine();
        table.AppendLine("| path | p50 ms | p90 ms | p99 ms |");
        table.AppendLine("|---|---|---|---|");
        table.AppendLine($"| direct to the app (baseline) | {Latency.Ms(baseline.Percentile(50))} | {Latency.Ms(baseline.Percentile(90))} | {Latency.Ms(baseline.Percentile(99))} |");
        table.AppendLine($"| through the runtime | {Latency.Ms(runtime.Percentile(50))} | {Latency.Ms(runtime.Percentile(90))} | {Latency.Ms(runtime.Percentile(99))} |");
        table.AppendLine($"| **added by the runtime** | **{Latency.Ms(runtime.Percentile(50) - baseline.Percentile(50))}** | {Latency.Ms(runtime.Percentile(90) - baseline.Percentile(90))} | **{Latency.Ms(runtime.Percentile(99) - baseline.Percentile(99))}** |");
        return table.ToString();
    }
}
