using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// The cost of being secure: the same app-to-app invocation (a caller's sidecar invoking the echo app's) with and without
/// the secure defaults, alternating in slices. Secured: the caller presents <c>DAPR_API_TOKEN</c> to its sidecar, the callee's
/// Configuration denies by default with one policy allowing the caller's <c>POST /echo</c>, and the app checks the
/// <c>APP_API_TOKEN</c> its sidecar sends (constant time, as ServiceDefaults does). Plain: none of these.
/// </summary>
internal sealed class SecureInvokeScenario : IScenario
{
    private const string ApiToken = "bench-dapr-api-token-0123456789abcdef";
    private const string AppToken = "bench-app-api-token-0123456789abcdef";

    public string Name => "secure";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var appPort = FreePort.Next();
        await using var app = EchoApp.Build(appPort, AppToken);
        await app.StartAsync(cancellationToken);
        var configuration = System.IO.Path.Combine(Directory.CreateTempSubdirectory("golive-bench-acl-").FullName, "target-secured.yaml");
        await File.WriteAllTextAsync(configuration, Policy, cancellationToken);

        await using var host = new RuntimeHost();
        Sidecar.Sidecar[] sidecars =
        [
            await host.StartSidecarAsync(new SidecarOptions { AppId = "target", AppPort = appPort }, cancellationToken),
            await host.StartSidecarAsync(new SidecarOptions { AppId = "caller" }, cancellationToken),
            await host.StartSidecarAsync(new SidecarOptions
            {
                AppId = "target-secured", AppPort = appPort, AppApiToken = AppToken, ApiToken = ApiToken, ConfigPath = configuration,
            }, cancellationToken),
            await host.StartSidecarAsync(new SidecarOptions { AppId = "caller-secured", ApiToken = ApiToken }, cancellationToken),
        ];
        foreach (var sidecar in sidecars)
        {
            await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        using var plainClient = LoadClient.Create(sidecars[1].HttpEndpoint, settings.Connections);
        using var securedClient = LoadClient.Create(sidecars[3].HttpEndpoint, settings.Connections);
        securedClient.DefaultRequestHeaders.Add("dapr-api-token", ApiToken);
        var body = new byte[1024];
        Random.Shared.NextBytes(body);
        Series Path(string name, HttpClient client, string path) => new(name, (length, recorder, ct) =>
            OpenLoop.RunAsync((_, c) => InvokeScenario.EchoAsync(client, path, body, c), settings.Rate, settings.Connections, length, recorder,
                record: true, ct));
        var plain = Path("caller's sidecar → app, no tokens, access control off (baseline)", plainClient, "v1.0/invoke/target/method/echo");
        var secured = Path("the same with both tokens and deny-by-default access control", securedClient, "v1.0/invoke/target-secured/method/echo");
        await Interleaved.RunAsync([plain, secured], settings.Warmup, settings.Duration, settings.Slice, cancellationToken);

        var (p, s) = (plain.Latency.Summarize(), secured.Latency.Summarize());
        return
        [
            new ResultTable($"The cost of the secure defaults on invocation: 1 KB POST, {settings.Rate:#,0} req/s open loop, {settings.Connections} connections",
                    "path", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
                .Row(InvokeScenario.LatencyRow(plain, p))
                .Row(InvokeScenario.LatencyRow(secured, s))
                .Row("added by tokens and access control", "", "", "", Figures.SignedMs(s.P50 - p.P50), Figures.SignedMs(s.P90 - p.P90),
                    Figures.SignedMs(s.P99 - p.P99), "")
                .Note("Both paths cross the same two sidecars of one runtime process to the same app; only the security settings differ."),
        ];
    }

    private const string Policy = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: target-secured
        spec:
          accessControl:
            defaultAction: deny
            trustDomain: public
            policies:
              - appId: caller-secured
                trustDomain: public
                namespace: default
                defaultAction: deny
                operations:
                  - name: /echo
                    httpVerb: [POST]
                    action: allow
        """;
}
