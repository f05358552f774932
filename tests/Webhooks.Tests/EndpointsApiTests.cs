using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Webhooks.Tests.Infrastructure;

namespace GoLive.Webhooks.Tests;

public sealed class EndpointsApiTests(WebhooksApiFactory factory) : IClassFixture<WebhooksApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task An_endpoint_is_registered_read_updated_and_deleted()
    {
        var created = await _client.PostAsJsonAsync("/v1/endpoints", new
        {
            url = "https://partner.example.com/hooks",
            description = "Agency",
            eventTypes = new[] { "golive.status.incident.*" },
            contactEmail = "ops@partner.example.com",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        var id = body.GetProperty("endpoint").GetProperty("id").GetString()!;
        Assert.Equal($"/v1/endpoints/{id}", created.Headers.Location?.ToString());

        var read = await _client.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}", Ct);
        Assert.Equal("ops@partner.example.com", read.GetProperty("contactEmail").GetString());
        Assert.False(read.TryGetProperty("secrets", out _));
        Assert.Contains((await _client.GetFromJsonAsync<JsonElement[]>("/v1/endpoints", Ct))!, e => e.GetProperty("id").GetString() == id);

        var updated = await _client.PutAsJsonAsync($"/v1/endpoints/{id}", new { url = "https://partner.example.com/v2", ratePerSecond = 5 }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("https://partner.example.com/v2", after.GetProperty("url").GetString());
        Assert.Equal(5, after.GetProperty("throttle").GetProperty("ratePerSecond").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v1/endpoints/{id}", Ct)).StatusCode);
        await WebhooksApiFactory.ProblemAsync(await _client.GetAsync($"/v1/endpoints/{id}", Ct), 404, "endpoint_not_found");
    }

    [Theory]
    [InlineData("http://partner.example.com/hooks")]     // plain http outside Development
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://192.168.0.10/hooks")]
    [InlineData("not a url")]
    public async Task Refused_targets_get_a_validation_problem_and_nothing_is_stored(string url)
    {
        var before = (await _client.GetFromJsonAsync<JsonElement[]>("/v1/endpoints", Ct))!.Length;

        var response = await _client.PostAsJsonAsync("/v1/endpoints", new { url }, Ct);

        var problem = await WebhooksApiFactory.ProblemAsync(response, 400, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(before, (await _client.GetFromJsonAsync<JsonElement[]>("/v1/endpoints", Ct))!.Length);
    }

    [Fact]
    public async Task Bad_fields_are_each_reported()
    {
        var response = await _client.PostAsJsonAsync("/v1/endpoints", new
        {
            url = "https://partner.example.com/hooks",
            eventTypes = new[] { "Not A Type" },
            contactEmail = "nobody",
            maxConcurrency = 0,
            ratePerSecond = 5000,
        }, Ct);

        var errors = (await WebhooksApiFactory.ProblemAsync(response, 400, "validation_failed")).GetProperty("errors");
        Assert.Equal(["contactEmail", "eventTypes", "maxConcurrency", "ratePerSecond"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Malformed_json_is_a_problem()
    {
        var response = await _client.PostAsync("/v1/endpoints", new StringContent("{\"url\":", Encoding.UTF8, "application/json"), Ct);

        await WebhooksApiFactory.ProblemAsync(response, 400, "invalid_json");
    }

    [Fact]
    public async Task Disable_enable_and_secret_rotation_with_an_overlap()
    {
        var created = await (await _client.PostAsJsonAsync("/v1/endpoints", new { url = "https://partner.example.com/r" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("endpoint").GetProperty("id").GetString();
        var firstSecret = created.GetProperty("secret").GetString();

        var disabled = await (await _client.PostAsync($"/v1/endpoints/{id}/disable", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        var enabled = await (await _client.PostAsync($"/v1/endpoints/{id}/enable", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(enabled.GetProperty("disabled").GetBoolean());

        var rotated = await _client.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { overlapSeconds = 3600 }, Ct);
        var secrets = (await rotated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secrets").EnumerateArray().ToList();
        Assert.Equal(2, secrets.Count);
        Assert.NotEqual(firstSecret, secrets[0].GetProperty("value").GetString());
        Assert.Equal(firstSecret, secrets[1].GetProperty("value").GetString());
        Assert.Equal(factory.Clock.GetUtcNow().AddHours(1), secrets[1].GetProperty("expiresAt").GetDateTimeOffset());

        await WebhooksApiFactory.ProblemAsync(
            await _client.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { overlapSeconds = -1 }, Ct), 400, "validation_failed");
    }

    [Fact]
    public async Task Oversized_payloads_are_refused_with_413()
    {
        var data = new { blob = new string('x', 300 * 1024) };

        var response = await _client.PostAsJsonAsync("/v1/messages", new { eventType = "golive.status.incident.opened", data }, Ct);

        await WebhooksApiFactory.ProblemAsync(response, 413, "webhook_payload_too_large");
    }

    [Fact]
    public async Task Unknown_messages_are_404_problems()
    {
        await WebhooksApiFactory.ProblemAsync(await _client.GetAsync("/v1/messages/msg_nope/attempts", Ct), 404, "message_not_found");
        await WebhooksApiFactory.ProblemAsync(await _client.PostAsync("/v1/messages/msg_nope/replay", null, Ct), 404, "message_not_found");
    }

    [Fact]
    public async Task The_event_type_catalogue_serves_json_schemas()
    {
        var types = await _client.GetFromJsonAsync<JsonElement[]>("/v1/event-types", Ct);

        Assert.Contains(types!, t => t.GetProperty("type").GetString() == "golive.status.incident.opened"
            && t.GetProperty("schema").GetProperty("required")[0].GetString() == "incidentId");
        var one = await _client.GetFromJsonAsync<JsonElement>("/v1/event-types/golive.status.slo.burn-rate-exceeded", Ct);
        Assert.Equal("object", one.GetProperty("schema").GetProperty("type").GetString());
        await WebhooksApiFactory.ProblemAsync(await _client.GetAsync("/v1/event-types/golive.nope.thing", Ct), 404, "event_type_not_found");
    }

    [Fact]
    public async Task The_status_events_subscription_is_declared_with_a_dead_letter_topic()
    {
        var subscriptions = await _client.GetFromJsonAsync<JsonElement[]>("/dapr/subscribe", Ct);

        var status = Assert.Single(subscriptions!, s => s.GetProperty("topic").GetString() == "status-events");
        Assert.Equal("pubsub", status.GetProperty("pubsubName").GetString());
        Assert.Equal("status-events-deadletter", status.GetProperty("deadLetterTopic").GetString());
    }
}
