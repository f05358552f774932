using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Webhooks.Events;

/// <summary>The catalogue of event types partners can subscribe to, each with the JSON Schema of its <c>data</c>.</summary>
internal static partial class EventTypes
{
    public const string EventTypeNotFound = "event_type_not_found";

    public sealed record EventType(string Type, string Description, JsonObject Schema);

    public static readonly IReadOnlyList<EventType> Catalogue =
    [
        new("golive.status.incident.opened", "An incident was opened (automatically by a burn-rate alert, or by an operator).", IncidentSchema()),
        new("golive.status.incident.updated", "An incident changed state or received a public update.", IncidentSchema()),
        new("golive.status.incident.resolved", "An incident was resolved.", IncidentSchema()),
        new("golive.status.slo.burn-rate-exceeded", "An SLO burns its error budget faster than a multi-window alert rule allows.", BurnRateSchema()),
    ];

    public static bool IsValidType(string type) => type.Length <= 200 && TypePattern().IsMatch(type);

    public static RouteGroupBuilder MapEventTypes(this IEndpointRouteBuilder routes)
    {
        // The public catalogue: what partners can subscribe to, open to anyone.
        var group = routes.MapGroup("/v1/event-types").WithTags("Event types").Public();
        group.MapGet("/", () => TypedResults.Ok(Catalogue));
        group.MapGet("/{type}", Results<Ok<EventType>, ProblemHttpResult> (string type) =>
            Catalogue.FirstOrDefault(e => e.Type == type) is { } found
                ? TypedResults.Ok(found)
                : Problems.NotFound(EventTypeNotFound, $"No event type {type}."));
        return group;
    }

    private static JsonObject IncidentSchema() => Schema(
        ["incidentId"],
        new JsonObject
        {
            ["incidentId"] = Type("string"),
            ["title"] = Type("string"),
            ["status"] = Enum("investigating", "identified", "monitoring", "resolved"),
            ["severity"] = Enum("minor", "major", "critical"),
            ["components"] = new JsonObject { ["type"] = "array", ["items"] = Type("string") },
            ["message"] = Type("string"),
            ["postMortemUrl"] = new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "uri" },
            ["occurredAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        });

    private static JsonObject BurnRateSchema() => Schema(
        ["slo"],
        new JsonObject
        {
            ["slo"] = Type("string"),
            ["component"] = Type("string"),
            ["burnRate"] = Type("number"),
            ["longWindow"] = Type("string"),
            ["shortWindow"] = Type("string"),
            ["flag"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
            ["occurredAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        });

    private static JsonObject Schema(string[] required, JsonObject properties) => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["type"] = "object",
        ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
        ["properties"] = properties,
        ["additionalProperties"] = true,
    };

    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static JsonObject Enum(params string[] values) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
    private static partial Regex TypePattern();
}
