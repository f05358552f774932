extern alias status;

using System.Net.Http.Json;
using GoLive.Status.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GoLive.Status.Tests;

/// <summary>Headless Chromium reads the public page as a visitor would, and leaves a screenshot as a test artefact.</summary>
public sealed class BrowserTests
{
    [ChromiumFact]
    public async Task A_visitor_sees_tiles_trend_charts_uptime_bars_and_the_open_incident()
    {
        await using var platform = new TestPlatform(appIds: ["status"]);
        var app = await platform.StartAsync<status::Program>("status");
        await Eventually.TrueAsync(async () => (await app.App.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "app ready (metrics restored)");
        await FeedAsync(app.Operator);
        var opened = await app.Operator.PostAsJsonAsync("/v1/incidents", new { title = "Payouts delayed", severity = "major", components = new[] { "payouts" }, message = "The bank's file is late." });
        opened.EnsureSuccessStatusCode();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1200, Height = 1600 } });
        await page.GotoAsync(new Uri(app.App.BaseAddress!, "/status").ToString());

        Assert.Equal(4, await page.Locator("article.tile").CountAsync());
        Assert.Matches(@"\d+ ms|\d(\.\d+)? s", await page.Locator("#tile-join-time .value").InnerTextAsync());
        Assert.Equal(4, await page.Locator("svg.trend polyline").CountAsync());
        Assert.Equal(4, await page.Locator("svg.uptime").CountAsync());
        Assert.Contains("Payouts delayed", await page.Locator("#open-incidents + ul").InnerTextAsync());

        var artefacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artefacts, "status-page.png"), FullPage = true });

        await page.Locator("#open-incidents + ul a").First.ClickAsync();
        Assert.Contains("The bank's file is late.", await page.Locator("main").InnerTextAsync());
    }

    // Three days of samples for every headline SLI, so each trend chart has points.
    private static async Task FeedAsync(HttpClient client)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(5);
        var samples = new List<object>();
        for (var h = 0; h < 72; h++)
        {
            var at = now.AddHours(-h).AddMinutes(-1);
            samples.Add(new { metric = "playback.join_ms", value = 600 + random.Next(1500), unit = "ms", timestamp = at, component = "playback" });
            samples.Add(new { metric = "playback.watch_ms", value = 600_000, unit = "ms", timestamp = at, component = "playback" });
            samples.Add(new { metric = "playback.rebuffer_ms", value = random.Next(6000), unit = "ms", timestamp = at, component = "playback" });
            samples.Add(new { metric = "checkout.attempt", value = 50, unit = "count", timestamp = at, component = "checkout" });
            samples.Add(new { metric = "checkout.success", value = 48, unit = "count", timestamp = at, component = "checkout" });
            samples.Add(new { metric = "payout.completed", value = 2 + random.Next(20), unit = "s", timestamp = at, component = "payouts" });
        }

        (await client.PostAsJsonAsync("/v1/samples", new { samples })).EnsureSuccessStatusCode();
    }
}
