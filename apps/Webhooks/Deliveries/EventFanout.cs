using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoLive.DaprAccess.State;
using GoLive.Webhooks.Endpoints;

namespace GoLive.Webhooks.Deliveries;

/// <summary>
/// Turns an event into one message per matching endpoint, stored and scheduled before the caller acknowledges the event.
/// Idempotent on the event id: message ids derive from event and endpoint, so a redelivered event creates nothing new.
/// </summary>
internal sealed class EventFanout(
    IStateStore state, EndpointRegistry endpoints, MessageStore messages, IDeliveryScheduler scheduler, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The webhook body: the Standard Webhooks recommended envelope.</summary>
    public static string Body(string eventType, DateTimeOffset timestamp, JsonElement data) =>
        JsonSerializer.Serialize(new { type = eventType, timestamp, data }, Json);

    public static string MessageId(string eventId, string endpointId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}\n{endpointId}")))[..26];

    /// <summary>Stores and schedules the messages of an event; answers the ids (the same ones when the event repeats).</summary>
    public async Task<IReadOnlyList<string>> FanOutAsync(
        string eventId, string eventType, string body, CancellationToken cancellationToken)
    {
        var marker = $"event|{eventId}";
        if ((await state.GetAsync<List<string>>(marker, cancellationToken)).Value is { } done)
        {
            return done;
        }

        var now = time.GetUtcNow();
        var targets = (await endpoints.ListAsync(cancellationToken)).Where(e => !e.Disabled && e.Accepts(eventType)).ToList();
        var created = new List<string>(targets.Count);
        foreach (var endpoint in targets)
        {
            var id = MessageId(eventId, endpoint.Id);
            if (await messages.FindAsync(id, cancellationToken) is null)
            {
                await messages.SaveAsync(new WebhookMessage(id, endpoint.Id, eventType, eventId, body, now, MessageStatus.Pending, now, []), cancellationToken);
            }

            await messages.IndexAsync(endpoint.Id, [id], cancellationToken);
            created.Add(id);
        }

        // Crash before here: the event is redelivered and the same ids are written again; after: nothing is repeated.
        await scheduler.ScheduleAsync([.. created.Select(id => (id, now))], cancellationToken);
        await state.SaveAsync(marker, created, cancellationToken: cancellationToken);
        return created;
    }
}
