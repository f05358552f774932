using GoLive.Compliance.Heads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Compliance.Tests;

public sealed class TreeHeadScheduleTests
{
    [Fact]
    public async Task A_head_is_signed_at_each_interval_when_the_log_has_grown()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
        var f = new LogFixture(time: clock);
        await f.AppendAsync(3);
        var options = Options.Create(new ComplianceOptions { TreeHeadInterval = TimeSpan.FromMinutes(5) });
        using var schedule = new TreeHeadSchedule(f.Heads, options, clock, NullLogger<TreeHeadSchedule>.Instance);
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            clock.Advance(TimeSpan.FromMinutes(4));
            Assert.Null(await f.Heads.LatestAsync());

            clock.Advance(TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(async () => (await f.Heads.LatestAsync())?.TreeSize == 3, TimeSpan.FromSeconds(5), "first head");
            Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), (await f.Heads.LatestAsync())!.TimestampMs);

            await f.AppendAsync(2, start: 3);
            clock.Advance(TimeSpan.FromMinutes(5));
            await Eventually.TrueAsync(async () => (await f.Heads.LatestAsync())?.TreeSize == 5, TimeSpan.FromSeconds(5), "second head");
            clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(50);
            Assert.Equal([3L, 5L], await f.Heads.SizesAsync());
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }
    }
}
