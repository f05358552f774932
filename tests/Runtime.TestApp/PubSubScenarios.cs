using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.AspNetCore;

namespace GoLive.Runtime.TestApp;

/// <summary>Subscribers for the pub/sub conformance tests; each records what it got in the <see cref="Inbox"/>.</summary>
internal static class PubSubScenarios
{
    private const string PubSub = "pubsub";
    private const string DeadLetters = "deadletters";
    private static readonly object Retry = new { status = "RETRY" };
    private static readonly object Drop = new { status = "DROP" };

    public static void MapPubSubScenarios(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", (JsonElement data, HttpRequest request, Inbox inbox) =>
        {
            // The envelope first: tests wait for the data, then read the envelope (tagged with the data's marker, since other
            // tests' apps may publish to the same topic on a shared broker).
            var envelope = EnvelopeHeaders(request);
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("marker", out var marker) && marker.ValueKind == JsonValueKind.String)
                envelope["marker"] = marker.GetString()!;
            inbox.Add("orders-envelope", JsonSerializer.SerializeToElement(envelope));
            inbox.Add("orders", data);
            return Results.Ok();
        }).WithTopic(PubSub, "orders");

        // Fails twice per event, then succeeds: the runtime's retry policy must bring it through exactly once.
        app.MapPost("/flaky", (JsonElement data, Inbox inbox) =>
        {
            var id = data.GetProperty("id").GetString()!;
            if (inbox.Increment("flaky-" + id) <= 2) return Results.Ok(Retry);
            inbox.Add("flaky", data);
            return Results.Ok();
        }).WithTopic(PubSub, "flaky");

        app.MapPost("/refuse", () => Results.Ok(Drop))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = "doomed", DeadLetterTopic = DeadLetters });
        app.MapPost("/always-failing", () => Results.StatusCode(500))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = "exhausted", DeadLetterTopic = DeadLetters });
        app.MapPost("/ephemeral", (JsonElement data, Inbox inbox) => Record(inbox, "ephemeral", data))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = "ephemeral", DeadLetterTopic = DeadLetters });
        app.MapPost("/deadletters", (JsonElement data, Inbox inbox) => Record(inbox, DeadLetters, data)).WithTopic(PubSub, DeadLetters);

        app.MapPost("/routed/created", (JsonElement data, Inbox inbox) => Record(inbox, "routed-created", data))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = "routed", Match = "event.type == \"order.created\"", Priority = 1 });
        app.MapPost("/routed/default", (JsonElement data, Inbox inbox) => Record(inbox, "routed-default", data))
            .WithTopic(PubSub, "routed");

        app.MapPost("/bulk", (BulkSubscribeMessage<JsonElement> batch, Inbox inbox) =>
        {
            inbox.Add("bulk-batches", JsonSerializer.SerializeToElement(batch.Entries.Count));
            foreach (var entry in batch.Entries)
            {
                inbox.Add("bulk", entry.Event.GetProperty("data"));
                inbox.Add("bulk-events", entry.Event);
            }
            return Results.Ok(new BulkSubscribeAppResponse(
                batch.Entries.Select(e => new BulkSubscribeAppResponseEntry(e.EntryId, BulkSubscribeAppResponseStatus.SUCCESS)).ToList()));
        }).WithTopic(PubSub, "bulk").WithBulkSubscribe(new BulkSubscribeTopicOptions { TopicName = "bulk", MaxMessagesCount = 10, MaxAwaitDurationMs = 100 });

        app.MapPost("/raw", async (HttpRequest request, Inbox inbox) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            inbox.Add("raw", JsonSerializer.SerializeToElement(await reader.ReadToEndAsync()));
            return Results.Ok();
        }).WithTopic(PubSub, "raw", enableRawPayload: true);

        // Events of the transactional outbox (state stores configured with outboxPublishTopic: outbox-events).
        app.MapPost("/outbox", (JsonElement data, HttpRequest request, Inbox inbox) =>
        {
            var headers = EnvelopeHeaders(request);
            inbox.Add("outbox-envelopes", JsonSerializer.SerializeToElement(headers));
            inbox.Add("outbox-events", JsonSerializer.SerializeToElement(new { headers, data }));
            return Record(inbox, "outbox", data);
        }).WithTopic(PubSub, "outbox-events");

        // Subscribed by components/subscription-declared.yaml, not in code.
        app.MapPost("/declared", (JsonElement data, Inbox inbox) => Record(inbox, "declared", data));
    }

    private static IResult Record(Inbox inbox, string channel, JsonElement data)
    {
        inbox.Add(channel, data);
        return Results.Ok();
    }

    /// <summary>The CloudEvent attributes the SDK's middleware forwards as headers, plus the trace context.</summary>
    private static Dictionary<string, string> EnvelopeHeaders(HttpRequest request) =>
        request.Headers.Where(h => h.Key.StartsWith("Cloudevent.", StringComparison.OrdinalIgnoreCase) || h.Key == "traceparent")
            .ToDictionary(h => h.Key.ToLowerInvariant().Replace("cloudevent.", "", StringComparison.Ordinal), h => h.Value.ToString());
}
