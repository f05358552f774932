using System.Text;
using System.Text.Json;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using GoLive.Webhooks.Endpoints;
using GoLive.Webhooks.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Deliveries;

/// <summary><c>/v1/messages</c>: send an event, read a message and its attempts, replay; recovery per endpoint.</summary>
internal static class MessagesApi
{
    public const string PayloadTooLarge = "webhook_payload_too_large";
    public const string MessageNotFound = "message_not_found";

    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/messages").WithTags("Messages").RequireOperator(OperatorRoles.WebhooksAdmin).AllowApps("gateway");
        group.MapPost("/", SendAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/{id}/attempts", AttemptsAsync);
        group.MapPost("/{id}/replay", ReplayAsync);
        routes.MapPost("/v1/endpoints/{id}/recover", RecoverAsync).WithTags("Endpoints")
            .RequireOperator(OperatorRoles.WebhooksAdmin).AllowApps("gateway");
        return group;
    }

    /// <summary>An event to fan out; <c>eventId</c> makes retries of this call idempotent.</summary>
    public sealed record SendRequest(string? EventType, string? EventId, JsonElement? Data);

    public sealed record SendResult(string EventId, IReadOnlyList<string> MessageIds);

    public sealed record RecoverRequest(DateTimeOffset? Since);

    public sealed record RecoverResult(IReadOnlyList<string> MessageIds);

    private static async Task<Results<Accepted<SendResult>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendRequest request, EventFanout fanout, TimeProvider time, IOptions<WebhooksOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.EventType) || !EventTypes.IsValidType(request.EventType))
        {
            errors["eventType"] = ["An event type like 'golive.status.incident.opened'."];
        }

        if (request.EventId is { } given && (given.Length is 0 or > 200))
        {
            errors["eventId"] = ["1 to 200 characters."];
        }

        if (request.Data is not { ValueKind: JsonValueKind.Object })
        {
            errors["data"] = ["A JSON object."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var body = EventFanout.Body(request.EventType!, time.GetUtcNow(), request.Data!.Value);
        if (Encoding.UTF8.GetByteCount(body) > options.Value.MaxPayloadBytes)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, PayloadTooLarge, $"Webhook payloads are limited to {options.Value.MaxPayloadBytes} bytes.");
        }

        var eventId = request.EventId ?? "evt_" + Guid.CreateVersion7().ToString("N");
        var ids = await fanout.FanOutAsync(eventId, request.EventType!, body, cancellationToken);
        return TypedResults.Accepted((string?)null, new SendResult(eventId, ids));
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(string id, MessageStore messages, CancellationToken cancellationToken) =>
        await messages.FindAsync(id, cancellationToken) is { } message
            ? TypedResults.Ok(MessageView.From(message))
            : NotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<DeliveryAttempt>>, ProblemHttpResult>> AttemptsAsync(
        string id, MessageStore messages, CancellationToken cancellationToken) =>
        await messages.FindAsync(id, cancellationToken) is { } message
            ? TypedResults.Ok(message.Attempts)
            : NotFound(id);

    private static async Task<Results<Accepted<MessageView>, ProblemHttpResult>> ReplayAsync(string id, Redelivery redelivery, CancellationToken cancellationToken) =>
        await redelivery.ReplayAsync(id, cancellationToken) is { } message
            ? TypedResults.Accepted((string?)null, MessageView.From(message))
            : NotFound(id);

    private static async Task<Results<Accepted<RecoverResult>, ValidationProblem, ProblemHttpResult>> RecoverAsync(
        string id, RecoverRequest request, EndpointRegistry endpoints, Redelivery redelivery, CancellationToken cancellationToken)
    {
        if (request.Since is not { } since)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["since"] = ["An RFC 3339 time."] });
        }

        if (await endpoints.FindAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound(EndpointsApi.EndpointNotFound, $"No endpoint {id}.");
        }

        return TypedResults.Accepted((string?)null, new RecoverResult(await redelivery.RecoverAsync(id, since, cancellationToken)));
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound(MessageNotFound, $"No message {id}.");
}
