using GoLive.Bench;
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
internal static class PageBench
{
    private const string StaticPath = "/bench/static";
    private const string AcceptEncoding = "gzip, deflate, br, zstd"; // what Chromium sends

    /// <param name="perClientRate">0: every client sends its next request as soon as it has the answer (saturation).
    /// Otherwise each client sends this many requests per second on average (paced.lua), like people refreshing a page.</param>
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
                (await status.App.Operator.PostAsync("/v1/samples", content)).EnsureSuccessStatusCode();
            }
        }

        await status.OpenIncidentAsync();
        var html = await status.App.App.GetStringAsync("/status");
        using var brotli = new HttpRequestMessage(HttpMethod.Get, "/status") { Headers = { { "Accept-Encoding", AcceptEncoding } } };
        using var compressed = await status.App.App.SendAsync(brotli);
        page.Body = await compressed.Content.ReadAsByteArrayAsync();
        page.Encoding = string.Join(",", compressed.Content.Headers.ContentEncoding);
        Machine.Report.WriteLine($"/status is {html.Length / 1024.0:0.#} KB of HTML, {page.Body.Length / 1024.0:0.#} KB as sent ({page.Encoding}); " +
            $"{Wrk.Describe(connections, duration, perClientRate)} -H 'Accept-Encoding: {AcceptEncoding}'");
        Machine.Report.WriteLine("| round | path | requests/s | p50 | p90 | p99 | errors |");
        Machine.Report.WriteLine("|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var path in new[] { "/healthz", StaticPath, "/status" })
            {
                var result = await Wrk.RunAsync(status.BaseUrl + path, connections, duration, perClientRate, [$"Accept-Encoding: {AcceptEncoding}"]);
                Machine.Report.WriteLine($"| {round} | `{path}` | {result.RequestsPerSecond:N0} | {result.P50} | {result.P90} | {result.P99} | {result.Errors} |");
            }
        }
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
}
