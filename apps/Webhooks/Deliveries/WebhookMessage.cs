using System.Text.Json.Serialization;

namespace GoLive.Webhooks.Deliveries;

/// <summary>
/// One event for one endpoint. The body is fixed when the message is created so every attempt signs the same bytes;
/// the id (the <c>webhook-id</c> header) never changes, so receivers can deduplicate.
/// </summary>
internal sealed record WebhookMessage(
    string Id,
    string EndpointId,
    string EventType,
    string EventId,
    string Body,
    DateTimeOffset CreatedAt,
    MessageStatus Status,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<DeliveryAttempt> Attempts,
    int AttemptsInRound = 0);

[JsonConverter(typeof(JsonStringEnumConverter<MessageStatus>))]
internal enum MessageStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One HTTP attempt: when, what came back, how long it took.</summary>
internal sealed record DeliveryAttempt(
    int Number, DateTimeOffset At, int? StatusCode, AttemptOutcome Outcome, string? Error, double DurationMs);

[JsonConverter(typeof(JsonStringEnumConverter<AttemptOutcome>))]
internal enum AttemptOutcome
{
    Succeeded,
    Failed,
    Throttled,
    Gone,
}

/// <summary>What the admin API shows of a message.</summary>
internal sealed record MessageView(
    string Id, string EndpointId, string EventType, string EventId, DateTimeOffset CreatedAt, MessageStatus Status,
    DateTimeOffset? NextAttemptAt, int AttemptCount)
{
    public static MessageView From(WebhookMessage m) =>
        new(m.Id, m.EndpointId, m.EventType, m.EventId, m.CreatedAt, m.Status, m.NextAttemptAt, m.Attempts.Count);
}
