using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.Workflows;

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus { Pending, Running, Waiting, Completed, Failed, Compensated, Terminated }

[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind { Activity, Timer, Event, Compensation }

[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus { Waiting, Completed, Failed }

/// <summary>One try of a step: when it ran and how it ended.</summary>
public sealed record StepAttempt(int Number, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string? Error);

/// <summary>
/// A checkpointed step of an instance, by its sequence number (the order the workflow code reached it). A completed or
/// failed step is never run again: on resume the workflow code gets its recorded output or error.
/// </summary>
public sealed record StepRecord(
    int Seq, StepKind Kind, string Name, StepStatus Status, JsonElement? Output = null, string? Error = null,
    IReadOnlyList<StepAttempt>? Attempts = null, DateTimeOffset? DueAt = null, DateTimeOffset? CompletedAt = null)
{
    public bool IsFinished => Status is StepStatus.Completed or StepStatus.Failed;
}

/// <summary>An external event raised on an instance; kept until a wait for its name consumes it.</summary>
public sealed record RaisedEvent(string Id, string Name, JsonElement? Payload, DateTimeOffset RaisedAt);

/// <summary>Everything durable about one instance: it is the state of the instance's actor.</summary>
public sealed record WorkflowState(
    string InstanceId, string Name, JsonElement? Input, WorkflowStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StepRecord> Steps, IReadOnlyList<RaisedEvent> Inbox, JsonElement? Output = null, string? Error = null)
{
    public bool IsFinished => Status is WorkflowStatus.Completed or WorkflowStatus.Failed or WorkflowStatus.Compensated or WorkflowStatus.Terminated;

    public WorkflowSummary Summary => new(InstanceId, Name, Status, CreatedAt, UpdatedAt, Error);
}

/// <summary>What the list API shows of an instance.</summary>
public sealed record WorkflowSummary(string InstanceId, string Name, WorkflowStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Error);

public sealed record StartRequest(string Name, JsonElement? Input);

public sealed record StartResult(bool Created, WorkflowStatus Status);

/// <summary>How the workflow code ended: its output, or the error (and whether compensation ran).</summary>
public sealed record Completion(WorkflowStatus Status, JsonElement? Output, string? Error);

public sealed record RaiseRequest(string Name, JsonElement? Payload, string? EventId);

public sealed record TerminateRequest(string? Reason);

internal static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonElement? ToElement<T>(T value) => value is null ? null : JsonSerializer.SerializeToElement(value, Options);

    public static T? FromElement<T>(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } e ? e.Deserialize<T>(Options) : default;
}
