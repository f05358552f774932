using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Webhooks.Tests.Infrastructure;

namespace GoLive.Webhooks.Tests;

public sealed class StatusEventsTests(WebhooksApiFactory factory) : IClassFixture<WebhooksApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static CancellationToken Ct => CancellationToken.None;

    private static StringContent CloudEvent(string id, string type) => new(
        JsonSerializer.Serialize(new
        {
            specversion = "1.0", id, type, source = "status", datacontenttype = "application/json",
            time = "2026-11-23T09:00:00Z", data = new { incidentId = "inc_1", title = "Checkout errors", severity = "major" },
        }),
        Encoding.UTF8, "application/cloudevents+json");

    [Fact]
    public async Task An_incident_event_becomes_one_message_per_endpoint_once_however_often_it_arrives()
    {
        var endpoint = await (await _client.PostAsJsonAsync("/v1/endpoints", new { url = "https://partner.example.com/s", eventTypes = new[] { "golive.status.*" } }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var endpointId = endpoint.GetProperty("endpoint").GetProperty("id").GetString()!;

        var first = await _client.PostAsync("/events/status", CloudEvent("ce-1", "golive.status.incident.opened"), Ct);
        var again = await _client.PostAsync("/events/status", CloudEvent("ce-1", "golive.status.incident.opened"), Ct);

        Assert.Equal("SUCCESS", (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal("SUCCESS", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var messageId = Deliveries.EventFanout.MessageId("ce-1", endpointId);
        var message = await _client.GetFromJsonAsync<JsonElement>($"/v1/messages/{messageId}", Ct);
        Assert.Equal("golive.status.incident.opened", message.GetProperty("eventType").GetString());
        Assert.Equal("Pending", message.GetProperty("status").GetString());
        var (stored, _) = await factory.State.GetAsync<List<string>>("event|ce-1", Ct);
        Assert.Contains(messageId, stored!);
    }

    [Fact]
    public async Task Other_status_events_are_acknowledged_and_ignored()
    {
        var response = await _client.PostAsync("/events/status", CloudEvent("ce-other", "golive.status.sample.recorded"), Ct);

        Assert.Equal("SUCCESS", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Null((await factory.State.GetAsync<List<string>>("event|ce-other", Ct)).Value);
    }

    [Fact]
    public async Task Something_that_is_not_a_cloud_event_is_dropped()
    {
        var response = await _client.PostAsync("/events/status", new StringContent("[1,2]", Encoding.UTF8, "application/cloudevents+json"), Ct);

        Assert.Equal("DROP", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }
}
