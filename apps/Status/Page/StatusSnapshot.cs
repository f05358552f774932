using GoLive.Status.Components;
using GoLive.Status.Incidents;
using GoLive.Status.Slos;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Page;

/// <summary>A headline SLI: its live value, its objective, and 90 daily values for the trend chart.</summary>
internal sealed record Tile(string Id, string Title, string Value, string Objective, bool Healthy, IReadOnlyList<double?> Trend, bool IsLatency);

/// <summary>Everything public about the platform right now; the HTML page, JSON summary and feed all render this.</summary>
internal sealed record StatusSnapshot(
    string Title,
    DateTimeOffset GeneratedAt,
    ComponentState Overall,
    IReadOnlyList<ComponentView> Components,
    IReadOnlyList<Tile> Tiles,
    IReadOnlyList<Incident> Open,
    IReadOnlyList<Incident> Past,
    IReadOnlyList<MaintenanceWindow> Maintenance);

/// <summary>Section <c>Status:Page</c>.</summary>
internal sealed class PageOptions
{
    public const string Section = "Status:Page";

    public string Title { get; set; } = "GoLive status";

    /// <summary>Absolute URL the page is served at (used by the feed and summary); relative links when empty.</summary>
    public string? PublicUrl { get; set; }
}

/// <summary>Builds the public snapshot. Only public fields are copied: no SLO internals, no operator data.</summary>
internal sealed class StatusSnapshotBuilder(
    ComponentBoard board,
    IncidentBook incidents,
    MaintenanceSchedule maintenance,
    SloCalculator calculator,
    IOptionsMonitor<SloOptions> slos,
    IOptionsMonitor<AlertingOptions> alerting,
    IOptionsMonitor<PageOptions> page,
    TimeProvider time)
{
    public const int TrendDays = 90;

    public StatusSnapshot Build()
    {
        var now = time.GetUtcNow();
        var components = board.Views();
        var overall = components.Select(c => c.State).Where(s => s != ComponentState.UnderMaintenance).DefaultIfEmpty().Max();
        var tiles = slos.CurrentValue.Slos.Where(s => s.Headline).Select(s => TileOf(s, now)).ToList();
        var past = incidents.All.Where(i => !i.IsOpen && i.ResolvedAt > now.AddDays(-TrendDays)).ToList();
        var windows = maintenance.All.Where(w => w.EndsAt > now).ToList();
        return new StatusSnapshot(page.CurrentValue.Title, now, overall, components, tiles, [.. incidents.Open], past, windows);
    }

    private Tile TileOf(SloDefinition slo, DateTimeOffset now)
    {
        var live = calculator.Display(slo, now - alerting.CurrentValue.LiveWindow, now);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var trend = Enumerable.Range(0, TrendDays)
            .Select(i => today.AddDays(i - TrendDays + 1))
            .Select(day => calculator.Display(slo, day, day.AddDays(1)))
            .ToList();
        var measure = calculator.Measure(slo, now - alerting.CurrentValue.LiveWindow, now);
        var healthy = measure.Total <= 0 || measure.ErrorRate <= 1 - slo.Target;
        return new Tile(slo.Id, slo.Title, Format(slo, live), Objective(slo), healthy, trend, slo.Kind == IndicatorKind.Latency);
    }

    public static string Format(SloDefinition slo, double? value) => value switch
    {
        null => "no data",
        { } v when slo.Kind == IndicatorKind.Latency => Duration(v),
        { } v => $"{v * 100:0.##} %",
    };

    private static string Objective(SloDefinition slo) => slo.Kind switch
    {
        IndicatorKind.Latency => $"p{slo.Target * 100:0.#} under {Duration(slo.ThresholdMs)}",
        IndicatorKind.SumRatio => $"under {(1 - slo.Target) * 100:0.##} %",
        _ => $"at least {slo.Target * 100:0.##} %",
    };

    private static string Duration(double ms) => ms switch
    {
        >= 3_600_000 => $"{ms / 3_600_000:0.#} h",
        >= 60_000 => $"{ms / 60_000:0.#} min",
        >= 1_000 => $"{ms / 1_000:0.##} s",
        _ => $"{ms:0} ms",
    };
}
