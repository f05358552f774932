namespace GoLive.Flags;

/// <summary>The Flags app's own problem codes (the standard ones are in <c>ProblemCodes</c>).</summary>
internal static class FlagsProblemCodes
{
    public const string FlagNotFound = "flag_not_found";
    public const string FlagExists = "flag_exists";
    public const string InvalidFlag = "invalid_flag";
    public const string SegmentNotFound = "segment_not_found";
    public const string SegmentInUse = "segment_in_use";
    public const string InvalidSegment = "invalid_segment";
    public const string ScheduleNotFound = "schedule_not_found";
    public const string InvalidSchedule = "invalid_schedule";
    public const string InvalidRollout = "invalid_rollout";
    public const string NoRollout = "no_rollout";
    public const string ConcurrentChange = "concurrent_change";
}
