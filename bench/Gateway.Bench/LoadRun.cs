extern alias gateway;

using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Bench;
using GoLive.Testing;
using Microsoft.AspNetCore.Hosting;

namespace GoLive.Gateway.Bench;

/// <summary>
/// The upstream test app behind its sidecar and the gateway behind its own, as in production; wrk with 1,000 connections
/// straight to the app, through the gateway's sidecar, then through the gateway (key check, rate limits, YARP, the sidecar
/// hop), same run: once at saturation (throughput) and once from 1,000 paced clients offering the target's load (latency).
/// The sidecar hop and the whole path are measured again on a second topology with the secure defaults on (both tokens,
/// deny-by-default access control), so their cost is a difference within the run.
/// </summary>
internal static class LoadRun
{
    private const int Connections = 1000;

    public static async Task<int> RunAsync(int seconds, double perClientRate, string? only = null)
    {
        // The same topology twice: without the secure defaults, and with them (both tokens, the upstream's Configuration
        // denying every caller but the gateway's GET /v1/**), so the cost of being secure is a difference in one run.
        await using var plain = await GatewayTopology.StartAsync(secured: false);
        await using var secured = await GatewayTopology.StartAsync(secured: true);

        // Each hop alone, then the whole path, so the report says where the time goes.
        (string Name, string Url, string[] Headers)[] paths =
        [
            ("straight to the app", $"{plain.Upstream.App.BaseAddress}v1/hello", []),
            ("the gateway's sidecar invoking the app", $"{plain.Gateway.Sidecar.HttpEndpoint}/v1.0/invoke/upstream/method/v1/hello", []),
            ("through the gateway", $"{plain.Gateway.App.BaseAddress}v1/up/hello", [$"Authorization: Bearer {plain.Key}"]),
            ("secured: the gateway's sidecar invoking the app", $"{secured.Gateway.Sidecar.HttpEndpoint}/v1.0/invoke/upstream/method/v1/hello",
                [$"dapr-api-token: {secured.Platform.Tokens!.DaprApiToken}"]),
            ("secured: through the gateway", $"{secured.Gateway.Direct.BaseAddress}v1/up/hello", [$"Authorization: Bearer {secured.Key}"]),
        ];
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"saturation: {Wrk.Describe(Connections, duration, 0)}");
        Console.WriteLine($"paced: {Wrk.Describe(Connections, duration, perClientRate)}");
        var rows = new List<string> { "| path | load | req/s | p50 | p90 | p99 | server CPU per request | machine busy | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|" };
        Console.WriteLine("load average before: " + LoadAverage());
        foreach (var (name, url, headers) in paths.Where(p => only is null || p.Name.Contains(only, StringComparison.Ordinal)))
        {
            // Saturation gives the throughput; at 1,000 connections its latency is queueing (connections / throughput).
            // The paced run offers the target's load from 1,000 clients and shows what each request sees there.
            foreach (var rate in new[] { 0, perClientRate })
            {
                // A path measured first needs its code jitted and tiered up: 3 s of warm-up left it at half its throughput.
                await Wrk.RunAsync(url, Connections, TimeSpan.FromSeconds(rate == 0 ? 10 : 3), rate, headers);
                var (serverBefore, machineBefore) = (ServerCpuTime(), MachineCpu.Read());
                var result = await Wrk.RunAsync(url, Connections, duration, rate, headers);
                var cpuPerRequest = (ServerCpuTime() - serverBefore).TotalMicroseconds / (result.RequestsPerSecond * duration.TotalSeconds);
                var busy = MachineCpu.Read().BusySince(machineBefore);
                Console.WriteLine($"## {name}, {(rate == 0 ? "saturation" : "paced")}\n{result.Output}");
                var load = rate == 0 ? $"{Connections:N0} connections, saturation" : $"{Connections:N0} clients, {Connections * rate:N0} req/s offered";
                rows.Add($"| {name} | {load} | {result.RequestsPerSecond:N0} | {result.P50} | {result.P90} | {result.P99} | {cpuPerRequest:N0} µs | {busy:P0} | {result.Errors} |");
            }
        }
        Console.WriteLine("load average after: " + LoadAverage());
        Console.WriteLine(string.Join('\n', rows));
        return 0;
    }

    /// <summary>The upstream test app and the gateway, each behind its sidecar, and a partner key with the route's scope.</summary>
    private sealed record GatewayTopology(TestPlatform Platform, DaprTestApp Upstream, DaprTestApp Gateway, string Key) : IAsyncDisposable
    {
        private const string UpstreamPolicy = """
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata:
              name: upstream
            spec:
              accessControl:
                defaultAction: deny
                trustDomain: public
                policies:
                  - appId: gateway
                    trustDomain: public
                    namespace: default
                    defaultAction: deny
                    operations:
                      - name: /v1/**
                        httpVerb: [GET]
                        action: allow
            """;

        public static async Task<GatewayTopology> StartAsync(bool secured)
        {
            var policies = Directory.CreateTempSubdirectory("golive-bench-acl-").FullName;
            await File.WriteAllTextAsync(Path.Combine(policies, "upstream.yaml"), UpstreamPolicy);
            var platform = new TestPlatform(appIds: ["gateway"], secrets: new Dictionary<string, string> { ["gateway-key-pepper"] = "bench-pepper" },
                secured: secured, configurationDirectory: secured ? policies : null);
            var upstream = await platform.StartAsync<Upstream.UpstreamApp>("upstream",
                settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
                configure: web => web.UseContentRoot(AppContext.BaseDirectory));
            var gatewayApp = await platform.StartAsync<gateway::Program>("gateway", new Dictionary<string, string?>
            {
                // Warning by default; GATEWAY_BENCH_LOG_LEVEL=Information measures the per-request log line too.
                ["Serilog:MinimumLevel:Default"] = Environment.GetEnvironmentVariable("GATEWAY_BENCH_LOG_LEVEL") ?? "Warning",
                ["Gateway:Routes:0:PublicPrefix"] = "/v1/up", ["Gateway:Routes:0:AppId"] = "upstream",
                ["Gateway:Routes:0:AppPrefix"] = "/v1", ["Gateway:Routes:0:Scope"] = "status:read",
                ["Gateway:RateLimits:DefaultOrganization:Limit"] = "1000000000",
            }, web => web.UseContentRoot(AppContext.BaseDirectory));
            var created = await gatewayApp.Operator.PostAsJsonAsync("/admin/keys", new
            {
                name = "bench", organizationId = "bench", scopes = new[] { "status:read" },
                rateLimit = new { limit = 1_000_000_000, windowSeconds = 60 },
            });
            created.EnsureSuccessStatusCode();
            var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            return new(platform, upstream, gatewayApp, key);
        }

        public ValueTask DisposeAsync() => Platform.DisposeAsync();
    }

    /// <summary>CPU time of this process, which hosts the app, the sidecars and the gateway (wrk's own is not counted).</summary>
    private static TimeSpan ServerCpuTime()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>All cores' time from <c>/proc/stat</c>: the share busy (server, wrk, kernel) says how close the run is to saturation.</summary>
    private readonly record struct MachineCpu(long Busy, long Total)
    {
        public static MachineCpu Read()
        {
            if (!File.Exists("/proc/stat")) return default;
            var jiffies = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(j => long.Parse(j, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var total = jiffies.Take(8).Sum(); // user … steal; guest time is already inside user
            return new MachineCpu(total - jiffies[3] - jiffies[4], total); // minus idle and iowait
        }

        public double BusySince(MachineCpu before) => Total > before.Total ? (double)(Busy - before.Busy) / (Total - before.Total) : double.NaN;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}
