using System.Text.Json;

namespace GoLive.Workflows;

/// <summary>
/// A workflow: plain C# that calls activities, waits for timers and events, and returns a result. Its code must be
/// deterministic: on resume it runs again from the top and gets the recorded result of every finished step, so it
/// branches only on inputs and step results (use <see cref="WorkflowContext.CurrentUtcDateTime"/>, never the clock).
/// </summary>
public abstract class Workflow<TInput, TOutput> : IWorkflow
{
    public abstract Task<TOutput> RunAsync(WorkflowContext context, TInput input);

    async Task<JsonElement?> IWorkflow.RunAsync(WorkflowContext context, JsonElement? input) =>
        WorkflowJson.ToElement(await RunAsync(context, WorkflowJson.FromElement<TInput>(input)!));
}

/// <summary>A workflow whatever its types: what the runner calls.</summary>
public interface IWorkflow
{
    Task<JsonElement?> RunAsync(WorkflowContext context, JsonElement? input);
}

/// <summary>What an activity is told: which instance and step it serves, and a key that is the same on every retry.</summary>
/// <param name="IdempotencyKey"><c>{instanceId}:{seq}</c>: an activity may run more than once (at least once); use this to make it idempotent.</param>
public sealed record ActivityContext(string InstanceId, int Seq, int Attempt, string IdempotencyKey, CancellationToken CancellationToken);

/// <summary>An in-process activity: one unit of work a workflow step performs.</summary>
public interface IWorkflowActivity
{
    Task<JsonElement?> RunAsync(ActivityContext context, JsonElement? input);
}

/// <summary>An in-process activity with typed input and output.</summary>
public abstract class WorkflowActivity<TInput, TOutput> : IWorkflowActivity
{
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input);

    async Task<JsonElement?> IWorkflowActivity.RunAsync(ActivityContext context, JsonElement? input) =>
        WorkflowJson.ToElement(await RunAsync(context, WorkflowJson.FromElement<TInput>(input)!));
}
