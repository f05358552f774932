using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Status.Tests.Infrastructure;

namespace GoLive.Status.Tests;

public sealed class SamplesApiTests
{
    private static readonly DateTimeOffset Now = Defaults.Now;

    [Fact]
    public async Task A_valid_batch_is_journaled_before_it_is_acknowledged()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();

        var response = await client.PostAsJsonAsync("/v1/samples", Batch(Sample("playback.join_ms", 900), Sample("checkout.attempt", 3, "count", "checkout")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Single(app.Metrics.Keys("journal|"));
    }

    [Fact]
    public async Task A_batch_with_one_bad_sample_is_refused_whole_with_problem_details()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();

        var response = await client.PostAsJsonAsync("/v1/samples", Batch(Sample("playback.join_ms", 900), Sample("playback.join_ms", 900, component: "billing")));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("samples[1]", out _));
        Assert.Empty(app.Metrics.Keys());
    }

    [Theory]
    [InlineData("{\"samples\": [", "invalid_json")]
    [InlineData("{\"samples\": \"lots\"}", "invalid_json")]
    [InlineData("{\"samples\": []}", "validation_failed")]
    [InlineData("{\"samples\": [{\"metric\": \"playback.join_ms\", \"value\": 5, \"unit\": \"parsecs\", \"timestamp\": \"2026-11-20T11:59:00Z\", \"component\": \"playback\"}]}", "validation_failed")]
    [InlineData("{\"samples\": [{\"metric\": \"playback.join_ms\", \"value\": 5, \"unit\": \"ms\", \"timestamp\": \"2031-01-01T00:00:00Z\", \"component\": \"playback\"}]}", "validation_failed")]
    public async Task Malformed_batches_get_problem_details_and_store_nothing(string body, string code)
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();

        var response = await client.PostAsync("/v1/samples", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, code);
        Assert.Empty(app.Metrics.Keys());
    }

    [Fact]
    public async Task A_payload_over_the_size_limit_is_refused_with_413()
    {
        await using var app = new StatusApp(new Dictionary<string, string?> { ["Status:Ingest:MaxBodyBytes"] = "2048" });
        var client = await app.StartAsync();

        var response = await client.PostAsJsonAsync("/v1/samples", Batch([.. Enumerable.Range(0, 100).Select(_ => Sample("playback.join_ms", 900))]));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(app.Metrics.Keys());
    }

    [Fact]
    public async Task The_subscriber_stores_valid_batches_once_and_drops_invalid_ones()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();
        var batch = new { id = "batch-1", samples = new[] { Sample("playback.join_ms", 900) } };

        var first = await client.PostAsJsonAsync("/v1/samples/events", batch);
        var again = await client.PostAsJsonAsync("/v1/samples/events", batch);
        var bad = await client.PostAsJsonAsync("/v1/samples/events", Batch(Sample("nope", 1)));

        Assert.Equal("SUCCESS", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("SUCCESS", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("DROP", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Single(app.Metrics.Keys("journal|"));
    }

    [Fact]
    public async Task The_subscription_is_declared_with_a_dead_letter_topic()
    {
        await using var app = new StatusApp();
        var client = await app.StartAsync();

        var subscriptions = await client.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var subscription = Assert.Single(subscriptions.EnumerateArray());
        Assert.Equal("status-samples", subscription.GetProperty("topic").GetString());
        Assert.Equal("status-samples-deadletter", subscription.GetProperty("deadLetterTopic").GetString());
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.TryGetProperty("correlationId", out _));
        return problem;
    }

    internal static object Batch(params object[] samples) => new { samples };

    internal static object Sample(string metric, double value, string unit = "ms", string component = "playback", DateTimeOffset? at = null, string? outcome = null) =>
        new { metric, value, unit, timestamp = at ?? Now.AddSeconds(-30), component, region = "eu-west", outcome };
}
