namespace GoLive.Status.Metrics;

/// <summary>What a metric measures: its unit, the range a sample may take, and whether its distribution is sketched.</summary>
internal sealed record MetricDefinition(string Name, string Unit, double MinValue, double MaxValue, bool Sketched, bool HasOutcome);

/// <summary>The metrics Status accepts. Durations are stored in milliseconds; samples may send seconds (<c>s</c>).</summary>
internal static class MetricCatalog
{
    public const string Milliseconds = "ms";
    public const string Seconds = "s";
    public const string Count = "count";

    private const double Day = 86_400_000;

    public static readonly IReadOnlyDictionary<string, MetricDefinition> All = new[]
    {
        new MetricDefinition("playback.join_ms", Milliseconds, 0, 600_000, Sketched: true, HasOutcome: false),
        new MetricDefinition("playback.rebuffer_ms", Milliseconds, 0, Day, Sketched: false, HasOutcome: false),
        new MetricDefinition("playback.watch_ms", Milliseconds, 0, Day, Sketched: false, HasOutcome: false),
        new MetricDefinition("checkout.attempt", Count, 0, 1_000_000, Sketched: false, HasOutcome: false),
        new MetricDefinition("checkout.success", Count, 0, 1_000_000, Sketched: false, HasOutcome: false),
        new MetricDefinition("payout.requested", Count, 0, 1_000_000, Sketched: false, HasOutcome: false),
        new MetricDefinition("payout.completed", Milliseconds, 0, 31 * Day, Sketched: true, HasOutcome: false),
        new MetricDefinition("api.request", Milliseconds, 0, 600_000, Sketched: true, HasOutcome: true),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);
}
