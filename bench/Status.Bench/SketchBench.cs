extern alias status;

using BenchmarkDotNet.Attributes;
using status::GoLive.Status.Metrics;

namespace GoLive.Status.Bench;

/// <summary>
/// 1,000,000 log-normal latencies (median ≈ 400 ms, long tail) into a quantile sketch, then p95, against the exact
/// baseline: the values in a plain array, sorted, read at rank. The sketch keeps a few hundred buckets; the array all values.
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(8)]
public class SketchBench
{
    private const int N = 1_000_000;
    private double[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _values = new double[N];
        for (var i = 0; i < N; i++)
        {
            // Box–Muller normal → log-normal with μ = ln 400, σ = 0.8.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            _values[i] = Math.Exp(Math.Log(400) + (0.8 * normal));
        }
    }

    [Benchmark(Baseline = true, Description = "sorted array (exact): copy, sort, read p95")]
    public double SortedArray()
    {
        var exact = new double[N];
        for (var i = 0; i < N; i++)
        {
            exact[i] = _values[i];
        }

        Array.Sort(exact);
        return exact[(int)Math.Ceiling(0.95 * N) - 1];
    }

    [Benchmark(Description = "QuantileSketch: 1M inserts, read p95")]
    public double Sketch()
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < N; i++)
        {
            sketch.Add(_values[i]);
        }

        return sketch.Quantile(0.95);
    }
}
