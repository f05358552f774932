namespace GoLive.Status.Components;

/// <summary>A span of time during which a component was in a (non-operational) state.</summary>
public sealed record StateSpan(DateTimeOffset From, DateTimeOffset? To, ComponentState State);

/// <summary>One day's uptime of one component, with the minutes behind it.</summary>
internal sealed record DayUptime(DateOnly Day, double Percent, int MajorMinutes, int PartialMinutes, int DegradedMinutes, int MaintenanceMinutes);

/// <summary>
/// Uptime per day: <c>uptime = (M − maint − major − 0.3 × partial) / (M − maint)</c> where M is the day's minutes
/// (up to now for today), <c>maint</c> minutes under scheduled maintenance (excluded), <c>major</c> minutes of major
/// outage (count fully), <c>partial</c> minutes of partial outage (count 0.3), degraded performance not at all. Each
/// minute takes its worst state; maintenance wins over everything.
/// </summary>
internal static class Uptime
{
    public const string Formula = "uptime = (minutes − maintenance − major outage − 0.3 × partial outage) ÷ (minutes − maintenance); degraded performance counts as up";
    public const double PartialWeight = 0.3;

    public static IReadOnlyList<DayUptime> Daily(IReadOnlyList<StateSpan> spans, DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var result = new List<DayUptime>(days);
        for (var i = days - 1; i >= 0; i--)
        {
            result.Add(OneDay(spans, today.AddDays(-i), now));
        }

        return result;
    }

    public static DayUptime OneDay(IReadOnlyList<StateSpan> spans, DateOnly day, DateTimeOffset now)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var minutes = (int)Math.Clamp((now - start).TotalMinutes, 0, 1440);
        var worst = new ComponentState[minutes];
        foreach (var span in spans)
        {
            var from = (int)Math.Max(0, Math.Floor((span.From - start).TotalMinutes));
            var to = (int)Math.Min(minutes, Math.Ceiling(((span.To ?? now) - start).TotalMinutes));
            for (var m = from; m < to; m++)
            {
                worst[m] = Worse(worst[m], span.State);
            }
        }

        int major = 0, partial = 0, degraded = 0, maintenance = 0;
        foreach (var state in worst)
        {
            switch (state)
            {
                case ComponentState.MajorOutage: major++; break;
                case ComponentState.PartialOutage: partial++; break;
                case ComponentState.DegradedPerformance: degraded++; break;
                case ComponentState.UnderMaintenance: maintenance++; break;
            }
        }

        var counted = minutes - maintenance;
        var percent = counted <= 0 ? 100 : 100 * (counted - major - PartialWeight * partial) / counted;
        return new DayUptime(day, percent, major, partial, degraded, maintenance);
    }

    /// <summary>Maintenance overrides (those minutes are excluded); otherwise the worse state wins.</summary>
    private static ComponentState Worse(ComponentState a, ComponentState b) =>
        a == ComponentState.UnderMaintenance || b == ComponentState.UnderMaintenance
            ? ComponentState.UnderMaintenance
            : (ComponentState)Math.Max((int)a, (int)b);
}
