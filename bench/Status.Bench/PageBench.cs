using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Status.Bench;

/// <summary>
/// <c>wrk -t2 -c1000 --latency</c> (connections configurable) against <c>/status</c> of the real app (a week of samples and an open incident
/// behind it), alternating with two baselines in the same process: <c>/healthz</c> of the app (its pipeline, a tiny
/// body, no request log) and <c>/bench/static</c>, a copy of the page's bytes as sent (compressed) answered ahead of the
/// app's pipeline (what Kestrel alone needs to serve them). Every request says what a browser's does: Accept-Encoding.
/// </summary>
internal static partial class PageBench
{
    private const string StaticPath = "/bench/static";
    private const string AcceptEncoding = "gzip, deflate, br, zstd"; // what Chromium sends

    /// <param name="perClientRate">0: every client sends its next request as soon as it has the answer (wrk, saturation).
    /// Otherwise each of the clients sends this many requests per second (hey -q), like people refreshing a page.</param>
    public static async Task RunAsync(TimeSpan duration, int rounds, int connections, int perClientRate = 0)
    {
        var page = new StaticPage();
        await using var status = await StatusHost.StartAsync(web => web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(page)));
        var random = new Random(11);
        var now = DateTimeOffset.UtcNow;
        for (var day = 0; day < 7; day++)
        {
            for (var batch = 0; batch < 10; batch++)
            {
                using var content = new ByteArrayContent(StatusHost.Batch(1_000, now.AddDays(-day), TimeSpan.FromHours(23), random));
                content.Headers.ContentType = new("application/json");
                (await status.App.App.PostAsync("/v1/samples", content)).EnsureSuccessStatusCode();
            }
        }

        await status.OpenIncidentAsync();
        var html = await status.App.App.GetStringAsync("/status");
        using var brotli = new HttpRequestMessage(HttpMethod.Get, "/status") { Headers = { { "Accept-Encoding", AcceptEncoding } } };
        using var compressed = await status.App.App.SendAsync(brotli);
        page.Body = await compressed.Content.ReadAsByteArrayAsync();
        page.Encoding = string.Join(",", compressed.Content.Headers.ContentEncoding);
        var tool = perClientRate > 0
            ? $"hey -z {duration.TotalSeconds:0}s -c {connections} -q {perClientRate} (offered {connections * perClientRate:N0} req/s) -H 'Accept-Encoding: {AcceptEncoding}'"
            : $"wrk -t2 -c{connections} -d{duration.TotalSeconds:0}s --latency -H 'Accept-Encoding: {AcceptEncoding}'";
        Machine.Report.WriteLine($"/status is {html.Length / 1024.0:0.#} KB of HTML, {page.Body.Length / 1024.0:0.#} KB as sent ({page.Encoding}); {tool}");
        Machine.Report.WriteLine("| round | path | requests/s | p50 | p90 | p99 | errors |");
        Machine.Report.WriteLine("|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var path in new[] { "/healthz", StaticPath, "/status" })
            {
                var result = perClientRate > 0
                    ? await HeyAsync(status.BaseUrl + path, duration, connections, perClientRate)
                    : await WrkAsync(status.BaseUrl + path, duration, connections);
                Machine.Report.WriteLine($"| {round} | `{path}` | {result} |");
            }
        }
    }

    private static async Task<string> WrkAsync(string url, TimeSpan duration, int connections)
    {
        var info = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{duration.TotalSeconds:0}s", "--latency", "-H", $"Accept-Encoding: {AcceptEncoding}", url]) { RedirectStandardOutput = true };
        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        string Latency(string percentile) => Regex.Match(output, $@"^\s+{percentile}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Errors().Match(output) is { Success: true } e ? e.Value.Trim() : "0";
        var non2xx = Non2xx().Match(output) is { Success: true } n ? $"{n.Groups[1].Value} non-2xx" : "";
        return $"{rps:N0} | {Latency("50")} | {Latency("90")} | {Latency("99")} | {errors} {non2xx}".TrimEnd();
    }

    private static async Task<string> HeyAsync(string url, TimeSpan duration, int connections, int perClientRate)
    {
        var info = new ProcessStartInfo("hey", ["-z", $"{duration.TotalSeconds:0}s", "-c", $"{connections}", "-q", $"{perClientRate}",
            "-H", $"Accept-Encoding: {AcceptEncoding}", url]) { RedirectStandardOutput = true };
        using var hey = Process.Start(info)!;
        var output = await hey.StandardOutput.ReadToEndAsync();
        await hey.WaitForExitAsync();
        string Latency(string percentile) =>
            Regex.Match(output, $@"^\s+{percentile}% in ([\d.]+) secs", RegexOptions.Multiline) is { Success: true } m
                ? $"{double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000:0.##}ms" : "?";
        var rps = double.Parse(HeyRequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = HeyStatuses().Matches(output).Where(m => m.Groups[1].Value != "200").Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var errors = output.Contains("Error distribution", StringComparison.Ordinal) ? "transport errors (see hey)" : "0";
        return $"{rps:N0} | {Latency("50")} | {Latency("90")} | {Latency("99")} | {errors}{(failed > 0 ? $" {failed} non-200" : "")}";
    }

    /// <summary>Answers <see cref="StaticPath"/> with fixed bytes before any of the app's middleware runs.</summary>
    private sealed class StaticPage : IStartupFilter
    {
        public byte[] Body { get; set; } = [];

        public string Encoding { get; set; } = "";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (context.Request.Path != StaticPath)
                {
                    await proceed();
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.ContentEncoding = Encoding;
                await context.Response.Body.WriteAsync(Body);
            });
            next(app);
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex HeyRequestsPerSecond();

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+) responses")]
    private static partial Regex HeyStatuses();

    [GeneratedRegex(@"Socket errors:[^\n]+")]
    private static partial Regex Errors();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
