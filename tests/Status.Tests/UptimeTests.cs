using GoLive.Status.Components;

namespace GoLive.Status.Tests;

public sealed class UptimeTests
{
    private static readonly DateOnly Day = new(2026, 11, 10);
    private static readonly DateTimeOffset Midnight = new(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Midnight.AddDays(5);

    public static TheoryData<StateSpan[], double> Days => new()
    {
        // Nothing happened.
        { [], 100 },
        // 144 minutes of major outage: 10 % of the day down.
        { [Span(0, 144, ComponentState.MajorOutage)], 90 },
        // 144 minutes partial outage count 0.3 each: 3 % down.
        { [Span(0, 144, ComponentState.PartialOutage)], 97 },
        // Degraded performance is up.
        { [Span(0, 720, ComponentState.DegradedPerformance)], 100 },
        // 720 minutes of maintenance are excluded; 72 of the remaining 720 major: 90 %.
        { [Span(0, 720, ComponentState.UnderMaintenance), Span(720, 792, ComponentState.MajorOutage)], 90 },
        // Overlaps take the worst state: 60 min major inside a partial span of 120 → 60 major + 60 partial.
        { [Span(0, 120, ComponentState.PartialOutage), Span(30, 90, ComponentState.MajorOutage)], 100 * (1440 - 60 - 0.3 * 60) / 1440 },
        // Maintenance wins over an outage during it.
        { [Span(0, 1440, ComponentState.UnderMaintenance), Span(0, 60, ComponentState.MajorOutage)], 100 },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void Uptime_follows_the_stated_formula(StateSpan[] spans, double expected)
    {
        var uptime = Uptime.OneDay(spans, Day, Later);

        Assert.Equal(expected, uptime.Percent, precision: 9);
    }

    [Fact]
    public void Today_counts_only_the_minutes_so_far_and_an_open_span_lasts_until_now()
    {
        var now = Midnight.AddHours(2);
        var uptime = Uptime.OneDay([new StateSpan(Midnight.AddHours(1), null, ComponentState.MajorOutage)], Day, now);

        Assert.Equal(50, uptime.Percent, precision: 9);
        Assert.Equal(60, uptime.MajorMinutes);
    }

    [Fact]
    public void Ninety_days_are_reported_oldest_first_ending_today()
    {
        var days = Uptime.Daily([], Later, 90);

        Assert.Equal(90, days.Count);
        Assert.Equal(DateOnly.FromDateTime(Later.UtcDateTime), days[^1].Day);
    }

    private static StateSpan Span(int fromMinute, int toMinute, ComponentState state) =>
        new(Midnight.AddMinutes(fromMinute), Midnight.AddMinutes(toMinute), state);
}
