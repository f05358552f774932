namespace GoLive.Status.Feed;

/// <summary>One sample as <c>POST /v1/samples</c> takes it.</summary>
internal sealed record SampleOut(string Metric, double Value, string Unit, DateTimeOffset Timestamp, string Component, string Region, string? Outcome = null);

/// <summary>
/// Plausible platform traffic per region (per minute: 20 joins around 0.8 s, log-normal; ten minutes watched per join
/// with ≈ 0.3 % rebuffering; 10 checkouts, ≈ 98.5 % succeeding; a payout every 5 minutes completing in 2–8 h; 30 API
/// calls around 40 ms with rare errors), times <c>scale</c>; and on demand a checkout outage (<see cref="FailingCheckouts"/>).
/// </summary>
internal sealed class Traffic(Random random, int scale)
{
    public static readonly string[] Regions = ["eu-west", "us-east", "ap-south"];

    public IEnumerable<SampleOut> Period(DateTimeOffset start, TimeSpan length, string region)
    {
        var minutes = length.TotalMinutes * scale;
        DateTimeOffset At() => start + (length * random.NextDouble());

        var joins = Count(20 * minutes);
        for (var i = 0; i < joins; i++)
        {
            yield return new SampleOut("playback.join_ms", Round(LogNormal(800, 0.45)), "ms", At(), "playback", region);
        }

        if (joins > 0)
        {
            var watchMs = joins * 600_000.0;
            yield return new SampleOut("playback.watch_ms", watchMs, "ms", At(), "playback", region);
            yield return new SampleOut("playback.rebuffer_ms", Round(watchMs * 0.003 * (0.5 + random.NextDouble())), "ms", At(), "playback", region);
        }

        foreach (var sample in Checkouts(At(), Count(10 * minutes), 0.985, region))
        {
            yield return sample;
        }

        for (var i = Count(0.2 * minutes); i > 0; i--)
        {
            yield return new SampleOut("payout.requested", 1, "count", At(), "payouts", region);
            yield return new SampleOut("payout.completed", Math.Round((2 + (random.NextDouble() * 6)) * 3600), "s", At(), "payouts", region);
        }

        for (var i = Count(30 * minutes); i > 0; i--)
        {
            yield return new SampleOut("api.request", Round(LogNormal(40, 0.5)), "ms", At(), "api", region, random.NextDouble() < 0.9998 ? "success" : "error");
        }
    }

    /// <summary>
    /// Ten times the usual checkouts with 90 % failing, so that with the usual traffic on top the checkout SLO's 5 %
    /// budget still burns at over 14.4× (the fast-burn rule) over the period.
    /// </summary>
    public IEnumerable<SampleOut> FailingCheckouts(DateTimeOffset start, TimeSpan length, string region) =>
        Checkouts(start + (length * random.NextDouble()), Count(100 * length.TotalMinutes * scale), 0.10, region);

    private IEnumerable<SampleOut> Checkouts(DateTimeOffset at, int attempts, double successRate, string region) =>
    [
        new SampleOut("checkout.attempt", attempts, "count", at, "checkout", region),
        new SampleOut("checkout.success", Enumerable.Range(0, attempts).Count(_ => random.NextDouble() < successRate), "count", at, "checkout", region),
    ];

    /// <summary>A whole count whose average is <paramref name="expected"/> (so a few seconds of traffic still add up).</summary>
    private int Count(double expected) => (int)expected + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);

    private double LogNormal(double median, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return median * Math.Exp(sigma * normal);
    }

    private static double Round(double value) => Math.Round(value, 1);
}
