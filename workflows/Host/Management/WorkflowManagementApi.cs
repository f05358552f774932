using System.Text.Json;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Workflows.Host.Management;

/// <summary>
/// The management API: start (idempotent by instance id), get status and history, raise events, terminate, purge, list. For
/// operators with <c>workflows:operate</c> (their reads audited: inputs and outputs may name a data subject) and for the
/// apps that run workflows here through their sidecar (<c>Workflows:ManagementApps</c>, default <c>compliance</c>).
/// </summary>
internal static class WorkflowManagementApi
{
    public const string WorkflowNotFound = "workflow_not_found";
    public const string InstanceNotFound = "instance_not_found";
    public const string InstanceStillRunning = "instance_still_running";

    public static RouteGroupBuilder MapWorkflowManagement(this IEndpointRouteBuilder endpoints)
    {
        var apps = endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetSection("Workflows:ManagementApps").Get<string[]>() is { Length: > 0 } configured
            ? configured
            : ["compliance"];
        var api = endpoints.MapGroup("/v1/workflows").WithTags("Workflows").RequireOperator(OperatorRoles.WorkflowsOperate).AllowApps(apps).AuditReads();
        api.MapPost("/{name}", StartAsync);
        api.MapGet("/instances", ListAsync);
        api.MapGet("/instances/{instanceId}", GetAsync);
        api.MapPost("/instances/{instanceId}/events/{eventName}", RaiseAsync);
        api.MapPost("/instances/{instanceId}/terminate", TerminateAsync);
        api.MapDelete("/instances/{instanceId}", PurgeAsync);
        return api;
    }

    private static async Task<Results<Created<StartAnswer>, Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> StartAsync(
        string name, StartBody? body, WorkflowOptions options, WorkflowClient client)
    {
        if (!options.IsRegistered(name)) return Problems.NotFound(WorkflowNotFound, $"No workflow named '{name}' is hosted here.");
        var instanceId = body?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (!InstanceIds.IsValid(instanceId))
            return Problems.Validation([new("instanceId", ["1–128 characters of letters, digits, '-', '_', '.' or ':'."])]);
        var result = await client.StartAsync(name, instanceId, body?.Input);
        var answer = new StartAnswer(instanceId, result.Created, result.Status);
        return result.Created ? TypedResults.Created($"/v1/workflows/instances/{instanceId}", answer) : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<WorkflowState>, ProblemHttpResult>> GetAsync(string instanceId, WorkflowClient client) =>
        InstanceIds.IsValid(instanceId) && await client.GetAsync(instanceId) is { } state
            ? TypedResults.Ok(state)
            : Problems.NotFound(InstanceNotFound, $"No workflow instance '{instanceId}'.");

    private static async Task<Results<Ok<IReadOnlyList<WorkflowSummary>>, ValidationProblem>> ListAsync(
        string? name, string? status, int? limit, WorkflowClient client)
    {
        WorkflowStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var value) || int.TryParse(status, out _))
                return Problems.Validation([new("status", [$"One of: {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."])]);
            parsed = value;
        }
        if (limit is < 1 or > 1000) return Problems.Validation([new("limit", ["Between 1 and 1000."])]);
        return TypedResults.Ok(await client.ListAsync(new ListQuery(name, parsed, limit ?? 100)));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseAsync(string instanceId, string eventName, HttpRequest request, WorkflowClient client)
    {
        if (!InstanceIds.IsValid(instanceId) || await client.GetAsync(instanceId) is null)
            return Problems.NotFound(InstanceNotFound, $"No workflow instance '{instanceId}'.");
        JsonElement? payload = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try { payload = (await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted)).RootElement.Clone(); }
            catch (JsonException e) { return Problems.BadRequest(ProblemCodes.InvalidJson, $"The event payload is not JSON: {e.Message}"); }
        }
        await client.RaiseEventAsync(instanceId, eventName, payload, request.Headers["Idempotency-Key"].FirstOrDefault());
        return TypedResults.Accepted($"/v1/workflows/instances/{instanceId}");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(string instanceId, TerminateBody? body, WorkflowClient client)
    {
        if (!InstanceIds.IsValid(instanceId) || await client.GetAsync(instanceId) is null)
            return Problems.NotFound(InstanceNotFound, $"No workflow instance '{instanceId}'.");
        await client.TerminateAsync(instanceId, body?.Reason);
        return TypedResults.Accepted($"/v1/workflows/instances/{instanceId}");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PurgeAsync(string instanceId, WorkflowClient client)
    {
        if (!InstanceIds.IsValid(instanceId) || await client.GetAsync(instanceId) is not { } state)
            return Problems.NotFound(InstanceNotFound, $"No workflow instance '{instanceId}'.");
        if (!state.IsFinished) return Problems.Conflict(InstanceStillRunning, $"Instance '{instanceId}' is {state.Status}; terminate it first.");
        await client.PurgeAsync(instanceId);
        return TypedResults.NoContent();
    }
}

internal sealed record StartBody(string? InstanceId, JsonElement? Input);

internal sealed record StartAnswer(string InstanceId, bool Created, WorkflowStatus Status);

internal sealed record TerminateBody(string? Reason);

/// <summary>Instance ids become actor ids and URL segments: keep them to a safe alphabet.</summary>
internal static class InstanceIds
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
