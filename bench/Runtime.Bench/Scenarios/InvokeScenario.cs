using System.Net.Http.Headers;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// Service invocation: a 1 KB POST to an echo app, open loop at a fixed rate, sent directly to the app (baseline) and through
/// the sidecar's <c>/v1.0/invoke/target/method/echo</c>, alternating in slices.
/// </summary>
internal sealed class InvokeScenario : IScenario
{
    private const double TargetAddedP50 = 0.3, TargetAddedP99 = 1.0;
    private static readonly MediaTypeHeaderValue Octets = new("application/octet-stream");

    public string Name => "invoke";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var appPort = FreePort.Next();
        await using var app = EchoApp.Build(appPort);
        await app.StartAsync(cancellationToken);
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "target", AppPort = appPort }, cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        using var direct = LoadClient.Create($"http://127.0.0.1:{appPort}", settings.Connections);
        using var viaRuntime = LoadClient.Create(sidecar.HttpEndpoint, settings.Connections);
        var body = new byte[1024];
        Random.Shared.NextBytes(body);

        Series Path(string name, HttpClient client, string path) => new(name, (length, recorder, ct) =>
            OpenLoop.RunAsync((_, c) => EchoAsync(client, path, body, c), settings.Rate, settings.Connections, length, recorder, record: true, ct));
        var baseline = Path("direct to the app (baseline)", direct, "echo");
        var runtime = Path("through the runtime", viaRuntime, "v1.0/invoke/target/method/echo");
        // The native sidecar is its own process, as daprd is; measured beside the others when it has been published.
        await using var nativeSidecar = NativeSidecarProcess.Binary() is { } binary
            ? await NativeSidecarProcess.StartAsync(binary, "target", appPort, cancellationToken) : null;
        using var viaNative = nativeSidecar is null ? null : LoadClient.Create(nativeSidecar.HttpEndpoint, settings.Connections);
        var native = viaNative is null ? null : Path("through the native sidecar process", viaNative, "v1.0/invoke/target/method/echo");
        await Interleaved.RunAsync([baseline, runtime, .. native is null ? [] : new[] { native }], settings.Warmup, settings.Duration, settings.Slice,
            cancellationToken);

        var (b, r) = (baseline.Latency.Summarize(), runtime.Latency.Summarize());
        var (addedP50, addedP99) = (r.P50 - b.P50, r.P99 - b.P99);
        var table = new ResultTable(
                $"Service invocation: 1 KB POST, {settings.Rate:#,0} req/s open loop, {settings.Connections} connections",
                "path", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Row(LatencyRow(baseline, b))
            .Row(LatencyRow(runtime, r))
            .Row("added by the runtime", "", "", "", Figures.SignedMs(addedP50), Figures.SignedMs(r.P90 - b.P90), Figures.SignedMs(addedP99), "");
        if (native is not null)
        {
            var n = native.Latency.Summarize();
            table.Row(LatencyRow(native, n))
                .Row("added by the native sidecar", "", "", "", Figures.SignedMs(n.P50 - b.P50), Figures.SignedMs(n.P90 - b.P90), Figures.SignedMs(n.P99 - b.P99), "");
        }
        table
            .Note($"Targets: added p50 ≤ {TargetAddedP50:0.0} ms — {Figures.AtMost(addedP50, TargetAddedP50)}; " +
                  $"added p99 ≤ {TargetAddedP99:0.0} ms — {Figures.AtMost(addedP99, TargetAddedP99)}. " +
                  "For scale, daprd 1.17 adds +1.06 ms p50 / +2.90 ms p99 (through two sidecars; here one sidecar, app → sidecar → app).");
        return [table];
    }

    internal static string[] LatencyRow(Series series, LatencySummary summary) =>
    [
        series.Name, Figures.Count(summary.Count), Figures.Count(summary.Errors), Figures.PerSecond(series.Throughput),
        Figures.Ms(summary.P50), Figures.Ms(summary.P90), Figures.Ms(summary.P99), Figures.Ms(summary.Max),
    ];

    internal static async Task EchoAsync(HttpClient client, string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Octets;
        using var response = await client.PostAsync(path, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var echoed = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (echoed.Length != body.Length) throw new InvalidOperationException($"echoed {echoed.Length} bytes, sent {body.Length}");
    }
}
