using System.Diagnostics.Metrics;

namespace GoLive.Workflows;

/// <summary>OpenTelemetry-visible counters of the engine (meter <c>GoLive.Workflows</c>).</summary>
internal static class WorkflowMetrics
{
    public const string MeterName = "GoLive.Workflows";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> FinishedCounter = Meter.CreateCounter<long>("golive.workflows.finished", description: "Workflow instances that ended, by status");
    private static readonly Counter<long> StepsCounter = Meter.CreateCounter<long>("golive.workflows.steps", description: "Steps checkpointed, by kind and status");

    public static void Finished(WorkflowStatus status) => FinishedCounter.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));

    public static void Step(StepRecord step) =>
        StepsCounter.Add(1, new KeyValuePair<string, object?>("kind", step.Kind.ToString()), new KeyValuePair<string, object?>("status", step.Status.ToString()));
}
