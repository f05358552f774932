extern alias gateway;

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Testing;
using Microsoft.AspNetCore.Hosting;

namespace GoLive.Gateway.Bench;

/// <summary>
/// The upstream test app behind its sidecar and the gateway behind its own, as in production; wrk with 1,000 connections
/// first straight to the app, then through the gateway (key check, rate limits, YARP, the sidecar hop), same run.
/// </summary>
internal static class LoadRun
{
    const int Connections = 1000;

    public static async Task<int> RunAsync(int seconds, string? only = null)
    {
        await using var platform = new TestPlatform(appIds: ["gateway"], secrets: new Dictionary<string, string>
        {
            ["gateway-admin-key"] = "bench-admin", ["gateway-key-pepper"] = "bench-pepper",
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
        admin.DefaultRequestHeaders.Add("X-Admin-Key", "bench-admin");
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
        var rows = new List<string> { "| path | connections | req/s | p50 | p99 | non-2xx |", "|---|---:|---:|---:|---:|---:|" };
        Console.WriteLine("load average before: " + LoadAverage());
        foreach (var (name, url, bearer) in paths.Where(p => only is null || p.Name.Contains(only, StringComparison.Ordinal)))
        {
            // 1,000 connections is the target's load (latency there is mostly queueing: connections / throughput);
            // 16 connections, as in Dapr's published perf runs, shows what each hop adds to one request.
            foreach (var connections in new[] { Connections, 16 })
            {
                await WrkAsync(url, bearer, connections, 3);
                var output = await WrkAsync(url, bearer, connections, seconds);
                Console.WriteLine($"## {name}, {connections} connections\n{output}");
                rows.Add($"| {name} | {connections:N0} | {Field(output, "Requests/sec:")} | {Field(output, "50%")} | {Field(output, "99%")} | {NonSuccess(output)} |");
            }
        }
        Console.WriteLine("load average after: " + LoadAverage());
        Console.WriteLine(string.Join('\n', rows));
        return 0;
    }

    static async Task<string> WrkAsync(string url, string? key, int connections, int seconds)
    {
        var arguments = $"-t2 -c{connections} -d{seconds}s --latency --timeout 10s {url}";
        if (key is not null) arguments = $"-H \"Authorization: Bearer {key}\" " + arguments;
        using var wrk = Process.Start(new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    /// <summary>The value after <paramref name="label"/> on wrk's line that starts with it.</summary>
    static string Field(string output, string label) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(label, StringComparison.Ordinal)) is { } line
            ? line[label.Length..].Trim()
            : "?";

    /// <summary>Answers that were not 2xx/3xx (a 429 or 5xx is fast and would flatter req/s); wrk omits the line when none.</summary>
    static string NonSuccess(string output) => Field(output, "Non-2xx or 3xx responses:") is "?" ? "0" : Field(output, "Non-2xx or 3xx responses:");

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
}
