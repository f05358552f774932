using GoLive.Webhooks.Deliveries;

namespace GoLive.Webhooks.Tests;

public sealed class RetryScheduleTests
{
    [Fact]
    public void Without_jitter_the_waits_are_the_published_schedule_then_the_round_ends()
    {
        var schedule = new RetrySchedule(() => 0.5); // the middle of the jitter range: no change

        var waits = Enumerable.Range(1, 10).Select(schedule.After).ToList();

        Assert.Equal(
            [
                TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
                TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24), null,
            ],
            waits);
        Assert.Equal(10, RetrySchedule.MaxAttempts);
    }

    [Theory]
    [InlineData(0.0, 0.9)]
    [InlineData(1.0, 1.1)]
    public void Jitter_stays_within_ten_percent(double random, double factor)
    {
        var schedule = new RetrySchedule(() => random);

        Assert.Equal(TimeSpan.FromMinutes(30) * factor, schedule.After(3));
    }

    [Fact]
    public void A_round_spans_a_little_over_three_days()
    {
        var total = RetrySchedule.Delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);

        Assert.InRange(total.TotalDays, 3.1, 3.2);
    }
}
