using GoLive.Status.Metrics;

namespace GoLive.Status.Slos;

/// <summary>Bad and total events of an SLO over a window; <c>Events</c> is what the minimum-traffic guard counts.</summary>
internal readonly record struct SliMeasure(double Bad, double Total, long Events)
{
    public double ErrorRate => Total > 0 ? Math.Clamp(Bad / Total, 0, 1) : 0;
}

/// <summary>Measures SLIs from the metric buckets.</summary>
internal sealed class SloCalculator(MetricStore metrics)
{
    public SliMeasure Measure(SloDefinition slo, DateTimeOffset from, DateTimeOffset to) => slo.Kind switch
    {
        IndicatorKind.Latency => FromLatency(slo, Query(slo, slo.Metric, from, to)),
        IndicatorKind.Outcome => Query(slo, slo.Metric, from, to) is var a ? new SliMeasure(a.Bad, a.Count, a.Count) : default,
        IndicatorKind.Events => FromEvents(Query(slo, slo.GoodMetric, from, to), Query(slo, slo.TotalMetric, from, to)),
        IndicatorKind.SumRatio => Query(slo, slo.TotalMetric, from, to) is var total
            ? new SliMeasure(Query(slo, slo.BadMetric, from, to).Sum, total.Sum, total.Count)
            : default,
        _ => default,
    };

    /// <summary>The figure a person reads: the quantile in ms for latency, the bad ratio for sum ratios, else the good ratio.</summary>
    public double? Display(SloDefinition slo, DateTimeOffset from, DateTimeOffset to)
    {
        if (slo.Kind == IndicatorKind.Latency)
        {
            var sketch = Query(slo, slo.Metric, from, to).Sketch;
            return sketch is { Count: > 0 } ? sketch.Quantile(slo.Target) : null;
        }

        var measure = Measure(slo, from, to);
        if (measure.Total <= 0)
        {
            return null;
        }

        return slo.Kind == IndicatorKind.SumRatio ? measure.ErrorRate : 1 - measure.ErrorRate;
    }

    /// <summary>Burn rate: how many times faster than sustainable the error budget is being spent.</summary>
    public static double BurnRate(SloDefinition slo, SliMeasure measure) =>
        slo.Target >= 1 ? (measure.Bad > 0 ? double.PositiveInfinity : 0) : measure.ErrorRate / (1 - slo.Target);

    /// <summary>The fraction of the window's error budget still unspent (negative when overspent).</summary>
    public static double BudgetRemaining(SloDefinition slo, SliMeasure measure) => 1 - BurnRate(slo, measure);

    private static SliMeasure FromLatency(SloDefinition slo, MetricAggregate aggregate) =>
        new(aggregate.Sketch?.CountAbove(slo.ThresholdMs) ?? 0, aggregate.Count, aggregate.Count);

    private static SliMeasure FromEvents(MetricAggregate good, MetricAggregate total) =>
        new(Math.Max(0, total.Sum - good.Sum), total.Sum, (long)total.Sum);

    private MetricAggregate Query(SloDefinition slo, string? metric, DateTimeOffset from, DateTimeOffset to) =>
        metrics.Query(k => k.Metric == metric && (slo.Component.Length == 0 || k.Component == slo.Component), from, to);
}
