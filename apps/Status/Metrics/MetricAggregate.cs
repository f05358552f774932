namespace GoLive.Status.Metrics;

/// <summary>
/// What one bucket knows about one series: how many samples, their sum, how many had a bad outcome, and (for latency
/// metrics) a quantile sketch. Aggregates merge, so hour and day buckets are merges of minute buckets.
/// </summary>
internal sealed class MetricAggregate
{
    public long Count { get; private set; }
    public double Sum { get; private set; }
    public long Bad { get; private set; }
    public QuantileSketch? Sketch { get; private set; }

    public void Add(double value, bool bad, bool sketched)
    {
        Count++;
        Sum += value;
        if (bad)
        {
            Bad++;
        }

        if (sketched)
        {
            (Sketch ??= new QuantileSketch()).Add(value);
        }
    }

    public void Merge(MetricAggregate other)
    {
        Count += other.Count;
        Sum += other.Sum;
        Bad += other.Bad;
        if (other.Sketch is { } sketch)
        {
            (Sketch ??= new QuantileSketch()).Merge(sketch);
        }
    }

    public AggregateState ToState() => new(Count, Sum, Bad, Sketch?.ToState());

    public static MetricAggregate FromState(AggregateState state) => new()
    {
        Count = state.Count,
        Sum = state.Sum,
        Bad = state.Bad,
        Sketch = state.Sketch is { } sketch ? QuantileSketch.FromState(sketch) : null,
    };
}

/// <summary>The stored form of an aggregate.</summary>
internal sealed record AggregateState(long Count, double Sum, long Bad, SketchState? Sketch);
