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
/// </summary>
internal static class LoadRun
{
    private const int Connections = 1000;

    public static async Task<int> RunAsync(int seconds, double perClientRate, string? only = null)
    {
        await using var platform = new TestPlatform(appIds: ["gateway"], secrets: new Dictionary<string, string>
        {
            ["gateway-key-pepper"] = "bench-pepper",
        });
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
        using var admin = new HttpClient { BaseAddress = gatewayApp.App.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = TestOperators.Admin.Authorization;
        var created = await admin.PostAsJsonAsync("/admin/keys", new
        {
            name = "bench", organizationId = "bench", scopes = new[] { "status:read" },
            rateLimit = new { limit = 1_000_000_000, windowSeconds = 60 },
        });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        // Each hop alone, then the whole path, so the report says where the time goes.
        (string Name, string Url, string? Key)[] paths =
        [
            ("straight to the app", $"{upstream.App.BaseAddress}v1/hello", null),
            ("the gateway's sidecar invoking the app", $"{gatewayApp.Sidecar.HttpEndpoint}/v1.0/invoke/upstream/method/v1/hello", null),
            ("through the gateway", $"{gatewayApp.App.BaseAddress}v1/up/hello", key),
        ];
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"saturation: {Wrk.Describe(Connections, duration, 0)}");
        Console.WriteLine($"paced: {Wrk.Describe(Connections, duration, perClientRate)}");
        var rows = new List<string> { "| path | load | req/s | p50 | p90 | p99 | server CPU per request | machine busy | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|" };
        Console.WriteLine("load average before: " + LoadAverage());
        foreach (var (name, url, bearer) in paths.Where(p => only is null || p.Name.Contains(only, StringComparison.Ordinal)))
        {
            string[] headers = bearer is null ? [] : [$"Authorization: Bearer {bearer}"];
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
