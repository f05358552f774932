namespace GoLive.Status.Metrics;

/// <summary>One time series: a metric measured on a component in a region.</summary>
internal readonly record struct SeriesKey(string Metric, string Component, string Region)
{
    public override string ToString() => $"{Metric}|{Component}|{Region}";

    public static SeriesKey Parse(string text)
    {
        var parts = text.Split('|');
        return new SeriesKey(parts[0], parts[1], parts[2]);
    }
}

/// <summary>The contribution of one batch to one minute bucket of one series (what the journal stores).</summary>
internal sealed record BucketDelta(string Series, long Minute, AggregateState State);

/// <summary>Minutes since the Unix epoch, the key of every bucket.</summary>
internal static class BucketTime
{
    public const long MinutesPerHour = 60;
    public const long MinutesPerDay = 1440;

    public static long MinuteOf(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), 60) is var (q, r) && r < 0 ? q - 1 : q;

    public static DateTimeOffset StartOf(long minute) => DateTimeOffset.FromUnixTimeSeconds(minute * 60);

    public static long Floor(long minute, long size) => minute - (minute % size + size) % size;
}
