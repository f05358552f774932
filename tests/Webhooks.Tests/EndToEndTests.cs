using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Webhooks.Tests.Infrastructure;

namespace GoLive.Webhooks.Tests;

/// <summary>The app behind a real local sidecar: events come through pub/sub, state lives in the sidecar's store.</summary>
public sealed class EndToEndTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task An_incident_opened_on_status_events_reaches_a_partner_signed()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var platform = new TestPlatform(appIds: ["webhooks"]);
        var webhooks = await platform.StartAsync<WebhooksOptions>("webhooks", Settings);
        var created = await (await webhooks.Operator.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url, eventTypes = new[] { "golive.status.incident.*" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret = created.GetProperty("secret").GetString();

        await webhooks.Dapr.PublishEventAsync("pubsub", "status-events", new { incidentId = "inc_42", title = "Checkout errors", severity = "major" },
            new Dictionary<string, string> { ["cloudevent.type"] = "golive.status.incident.opened" });

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Verified.Any()), TimeSpan.FromSeconds(15), "the webhook was delivered and verified");
        var body = JsonDocument.Parse(receiver.Verified.First().Body).RootElement;
        Assert.Equal("golive.status.incident.opened", body.GetProperty("type").GetString());
        Assert.Equal("inc_42", body.GetProperty("data").GetProperty("incidentId").GetString());
        var messageId = receiver.Verified.First().Id;
        await Eventually.TrueAsync(async () =>
        {
            var attempts = await webhooks.Operator.GetFromJsonAsync<JsonElement[]>($"/v1/messages/{messageId}/attempts");
            return attempts is [var only] && only.GetProperty("outcome").GetString() == "Succeeded";
        }, TimeSpan.FromSeconds(10), "the attempt log records the success");
    }
}
