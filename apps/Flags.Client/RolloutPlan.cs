using System.Text.Json.Serialization;

namespace GoLive.Flags.Client;

/// <summary>
/// A gradual rollout of <see cref="Variant"/> through <see cref="Steps"/> (e.g. 1 → 10 → 50 → 100 %), each held at least
/// its dwell time. The Flags app advances it and writes the current step into the flag's fallthrough split, so
/// evaluators never need to know about plans.
/// </summary>
public sealed record RolloutPlan
{
    public required string Variant { get; init; }
    public required IReadOnlyList<RolloutStep> Steps { get; init; }
    public RolloutState State { get; init; } = RolloutState.Running;

    /// <summary>Index into <see cref="Steps"/> being served; -1 before the first step (0 %).</summary>
    public int CurrentStep { get; init; } = -1;

    /// <summary>The highest step that completed its dwell without an SLO burn; -1 when none.</summary>
    public int LastSafeStep { get; init; } = -1;

    public DateTimeOffset? StepStartedAt { get; init; }
    public BurnResponse OnBurn { get; init; } = BurnResponse.Rollback;

    /// <summary>Who or what last changed the plan's state, and why.</summary>
    public string? ChangedBy { get; init; }
    public string? ChangeReason { get; init; }

    /// <summary>The percentage currently served (0 before the first step).</summary>
    public double CurrentPercent => CurrentStep < 0 ? 0 : Steps[CurrentStep].Percent;
}

public sealed record RolloutStep(double Percent, TimeSpan MinDwell);

[JsonConverter(typeof(JsonStringEnumConverter<RolloutState>))]
public enum RolloutState
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("rolled_back")] RolledBack,
    [JsonStringEnumMemberName("completed")] Completed,
}

[JsonConverter(typeof(JsonStringEnumConverter<BurnResponse>))]
public enum BurnResponse
{
    [JsonStringEnumMemberName("pause")] Pause,
    [JsonStringEnumMemberName("rollback")] Rollback,
}
