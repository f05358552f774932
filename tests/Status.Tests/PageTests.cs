using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using GoLive.Status.Tests.Infrastructure;

namespace GoLive.Status.Tests;

public sealed class PageTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Status:Slos:4:Flag"] = "secret-flag-name",
        ["Status:Alerting:MinimumEvents"] = "10",
    };

    [Fact]
    public async Task The_page_shows_tiles_trends_uptime_and_an_open_incident_without_script()
    {
        await using var app = new StatusApp(Settings);
        var client = await app.StartAsync();
        await client.PostAsJsonAsync("/v1/samples", SamplesApiTests.Batch(
            SamplesApiTests.Sample("playback.join_ms", 1500), SamplesApiTests.Sample("playback.join_ms", 1500), SamplesApiTests.Sample("playback.join_ms", 900)));
        var opened = await client.PostAsJsonAsync("/v1/incidents", new { title = "Checkout errors", severity = "major", components = new[] { "checkout" }, message = "We are investigating." });
        var incident = await opened.Content.ReadFromJsonAsync<JsonElement>();

        var page = await client.GetStringAsync("/status");

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en\">", page);
        Assert.Contains("id=\"tile-join-time\"", page);
        Assert.Matches("id=\"tile-join-time\".*?>1\\.[45]\\d? s<", page);   // p95 of 900, 1500, 1500 ms within 1 %
        Assert.Equal(4, CountOf(page, "class=\"trend\""));
        Assert.Equal(4, CountOf(page, "class=\"uptime\""));
        Assert.Contains("0.3 × partial outage", page);
        Assert.Contains("Checkout errors", page);
        Assert.Contains("data-state=\"partial_outage\"", page);
        Assert.Contains($"/status/incidents/{incident.GetProperty("id").GetString()}", page);
    }

    [Fact]
    public async Task Browsers_get_the_page_compressed_and_clients_without_compression_get_it_plain_from_the_same_cache()
    {
        await using var app = new StatusApp(Settings);
        var client = await app.StartAsync();
        var plain = await client.GetStringAsync("/status");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/status") { Headers = { { "Accept-Encoding", "gzip" } } };
        using var compressed = await client.SendAsync(request);
        var again = await client.GetStringAsync("/status");

        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < plain.Length / 4, $"{bytes.Length} bytes compressed of {plain.Length}");
        await using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(plain, await new StreamReader(gunzip).ReadToEndAsync());
        Assert.Equal(plain, again);
        using var operatorRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/incidents") { Headers = { { "Accept-Encoding", "gzip" } } };
        Assert.Empty((await client.SendAsync(operatorRequest)).Content.Headers.ContentEncoding); // only the public pages
    }

    [Fact]
    public async Task Public_pages_carry_no_operator_data()
    {
        await using var app = new StatusApp(Settings);
        var client = await app.StartAsync();

        foreach (var path in new[] { "/status", "/api/v2/summary.json", "/status/feed.atom" })
        {
            var body = await client.GetStringAsync(path);
            Assert.DoesNotContain("secret-flag-name", body);
            Assert.DoesNotContain("burn", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("availability", body);               // a non-headline SLO stays internal
        }
    }

    [Fact]
    public async Task An_incident_has_its_own_page_with_timestamped_updates_and_post_mortem()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();
        var opened = await client.PostAsJsonAsync("/v1/incidents", new { title = "Payouts delayed", severity = "minor", components = new[] { "payouts" }, message = "Bank file late." });
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await client.PostAsJsonAsync($"/v1/incidents/{id}/updates", new { status = "resolved", message = "Paid.", postmortemUrl = "https://example.org/pm/1" });

        var page = await client.GetStringAsync($"/status/incidents/{id}");

        Assert.Contains("Bank file late.", page);
        Assert.Contains("2026-11-20 12:20 UTC", page);
        Assert.Contains("https://example.org/pm/1", page);
        var missing = await client.GetAsync("/status/incidents/nope");
        await SamplesApiTests.AssertProblem(missing, HttpStatusCode.NotFound, "incident_not_found");
    }

    [Fact]
    public async Task The_summary_is_statuspage_shaped_and_the_feed_is_atom()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();
        await client.PostAsJsonAsync("/v1/incidents", new { title = "API errors", severity = "critical", components = new[] { "api" }, message = "Down." });

        var summary = await client.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
        var feed = XDocument.Parse(await client.GetStringAsync("/status/feed.atom"));

        Assert.Equal("critical", summary.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Contains(summary.GetProperty("components").EnumerateArray(), c => c.GetProperty("status").GetString() == "major_outage");
        Assert.Equal("investigating", summary.GetProperty("incidents")[0].GetProperty("status").GetString());
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal("API errors (Investigating)", feed.Root!.Element(atom + "entry")!.Element(atom + "title")!.Value);
    }

    [Theory]
    [InlineData("{}", "validation_failed")]
    [InlineData("{\"title\":\"x\",\"severity\":\"major\",\"components\":[\"billing\"],\"message\":\"m\"}", "validation_failed")]
    [InlineData("{\"title\":\"x\",\"severity\":\"apocalyptic\",\"components\":[\"api\"],\"message\":\"m\"}", "invalid_json")]
    public async Task Bad_incidents_are_refused_and_nothing_is_stored(string body, string code)
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/v1/incidents", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await SamplesApiTests.AssertProblem(response, HttpStatusCode.BadRequest, code);
        Assert.Empty(app.State.Keys());
    }

    private static int CountOf(string text, string fragment) => text.Split(fragment).Length - 1;
}
