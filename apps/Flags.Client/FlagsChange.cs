namespace GoLive.Flags.Client;

/// <summary>
/// The payload of every Flags event on topic <c>flags-events</c> (CloudEvent types <c>golive.flags.flag.changed</c>,
/// <c>golive.flags.flag.deleted</c>, <c>golive.flags.segment.changed</c>, <c>golive.flags.segment.deleted</c>,
/// <c>golive.flags.rollout.advanced</c>, <c>golive.flags.rollout.paused</c>, <c>golive.flags.rollout.rolled-back</c>,
/// <c>golive.flags.change.scheduled</c>).
/// It doubles as the audit record: who, when, before, after, why. <see cref="CatalogVersion"/> orders changes.
/// </summary>
public sealed record FlagsChange(
    string Type,
    long CatalogVersion,
    string Key,
    string Actor,
    DateTimeOffset At,
    string? Reason,
    FlagDefinition? Before = null,
    FlagDefinition? After = null,
    Segment? SegmentBefore = null,
    Segment? SegmentAfter = null)
{
    public const string FlagChanged = "golive.flags.flag.changed";
    public const string FlagDeleted = "golive.flags.flag.deleted";
    public const string SegmentChanged = "golive.flags.segment.changed";
    public const string SegmentDeleted = "golive.flags.segment.deleted";
    public const string RolloutAdvanced = "golive.flags.rollout.advanced";
    public const string RolloutPaused = "golive.flags.rollout.paused";
    public const string RolloutRolledBack = "golive.flags.rollout.rolled-back";
    public const string ChangeScheduled = "golive.flags.change.scheduled";

    public bool IsSegmentChange => Type is SegmentChanged or SegmentDeleted;
}
