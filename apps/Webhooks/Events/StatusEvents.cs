using System.Text;
using System.Text.Json;
using Dapr;
using GoLive.DaprAccess;
using GoLive.Webhooks.Deliveries;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Events;

/// <summary>
/// Status's incident and SLO events (topic <c>status-events</c>) become webhook messages. The handler needs the whole
/// CloudEvent (its id for idempotency, its type for the webhook), so <see cref="KeepEnvelope"/> stops the SDK unwrapping it.
/// </summary>
internal static partial class StatusEvents
{
    public const string PubSub = Components.PubSub;
    public const string Topic = Topics.StatusEvents;
    public const string Route = "/events/status";
    private static readonly string DeadLetterTopic = Topics.DeadLetter(Topic);
    private static readonly JsonElement EmptyData = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Marks this route's CloudEvents as plain JSON so the CloudEvents middleware leaves the envelope intact.</summary>
    public static IApplicationBuilder KeepEnvelope(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Path.Equals(Route, StringComparison.Ordinal)
            && context.Request.ContentType?.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Request.ContentType = "application/json";
        }

        return next(context);
    });

    public static IEndpointConventionBuilder MapStatusEvents(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Route, HandleAsync)
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = Topic, DeadLetterTopic = DeadLetterTopic })
            .WithTags("Subscriptions");

    public static bool IsForwarded(string type) =>
        type.StartsWith("golive.status.incident.", StringComparison.Ordinal)
        || type == "golive.status.slo.burn-rate-exceeded";

    private static async Task<IResult> HandleAsync(
        JsonElement cloudEvent, EventFanout fanout, TimeProvider time, IOptions<WebhooksOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(StatusEvents));
        if (cloudEvent.ValueKind != JsonValueKind.Object
            || !cloudEvent.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 } eventId
            || !cloudEvent.TryGetProperty("type", out var type) || type.GetString() is not { } eventType)
        {
            LogDropped(logger, "not a CloudEvent");
            return Answer("DROP");
        }

        if (!IsForwarded(eventType))
        {
            return Answer("SUCCESS");
        }

        var data = cloudEvent.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : EmptyData;
        var occurred = cloudEvent.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var at) ? at : time.GetUtcNow();
        var body = EventFanout.Body(eventType, occurred, data);
        if (Encoding.UTF8.GetByteCount(body) > options.Value.MaxPayloadBytes)
        {
            LogDropped(logger, "payload too large");
            return Answer("DROP");
        }

        await fanout.FanOutAsync(eventId, eventType, body, cancellationToken);
        return Answer("SUCCESS");
    }

    private static IResult Answer(string status) => TypedResults.Ok(new { status });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status event dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason);
}
