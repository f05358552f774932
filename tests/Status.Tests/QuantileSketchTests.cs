using GoLive.Status.Metrics;

namespace GoLive.Status.Tests;

public sealed class QuantileSketchTests
{
    private const int SampleCount = 1_000_000;
    private static readonly double[] Quantiles = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

    public static TheoryData<string> Distributions => ["lognormal", "pareto", "exponential"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Every_quantile_of_a_million_skewed_samples_is_within_one_percent_of_the_exact_value(string distribution)
    {
        var values = Generate(distribution, SampleCount, seed: 42);
        var sketch = new QuantileSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);
        foreach (var q in Quantiles)
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= QuantileSketch.RelativeAccuracy * exact,
                $"{distribution} q={q}: estimate {estimate} vs exact {exact}");
        }
    }

    [Fact]
    public void Merging_sketches_gives_the_same_quantiles_as_one_sketch_of_all_values()
    {
        var values = Generate("pareto", 200_000, seed: 7);
        var whole = new QuantileSketch();
        var left = new QuantileSketch();
        var right = new QuantileSketch();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i % 3 == 0 ? left : right).Add(values[i]);
        }

        left.Merge(right);
        Assert.Equal(whole.Count, left.Count);
        foreach (var q in Quantiles)
        {
            Assert.Equal(whole.Quantile(q), left.Quantile(q));
        }
    }

    [Fact]
    public void A_sketch_survives_its_stored_form_unchanged()
    {
        var sketch = new QuantileSketch();
        foreach (var value in Generate("lognormal", 10_000, seed: 3).Append(0))
        {
            sketch.Add(value);
        }

        var restored = QuantileSketch.FromState(sketch.ToState());
        Assert.Equal(sketch.Count, restored.Count);
        Assert.Equal(sketch.ZeroCount, restored.ZeroCount);
        foreach (var q in Quantiles)
        {
            Assert.Equal(sketch.Quantile(q), restored.Quantile(q));
        }
    }

    [Fact]
    public void Values_above_a_threshold_are_counted_to_within_one_bucket()
    {
        var sketch = new QuantileSketch();
        for (var ms = 1; ms <= 4000; ms++)
        {
            sketch.Add(ms);
        }

        var above = sketch.CountAbove(2000);
        Assert.InRange(above, 2000 - 2000 * 2 * QuantileSketch.RelativeAccuracy, 2000);
        Assert.Equal(0, sketch.CountAbove(5000));
        Assert.Equal(4000, sketch.CountAbove(0));
    }

    [Fact]
    public void Zeros_and_an_empty_sketch_report_sensible_quantiles()
    {
        var sketch = new QuantileSketch();
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        sketch.Add(0, 10);
        sketch.Add(100);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(1), 99, 101);
    }

    internal static double[] Generate(string distribution, int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u = 1 - random.NextDouble();
            values[i] = distribution switch
            {
                // Join times: median ~ 800 ms, long right tail.
                "lognormal" => Math.Exp(Math.Log(800) + 0.9 * Normal(random)),
                // Payout latencies: Pareto with x_m = 60 s, alpha 1.2 (heavy tail).
                "pareto" => 60_000 / Math.Pow(u, 1 / 1.2),
                _ => -Math.Log(u) * 250,
            };
        }

        return values;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
