using System.Diagnostics;

namespace GoLive.Runtime.Bench.Load;

/// <summary>Runs one slice of load for the given length, recording into the given recorder.</summary>
internal delegate Task SliceRunner(TimeSpan length, LatencyRecorder recorder, CancellationToken cancellationToken);

/// <summary>One measured series (a baseline or a runtime path): its latencies and the wall time it was under load.</summary>
internal sealed class Series(string name, SliceRunner run)
{
    public string Name => name;
    public LatencyRecorder Latency { get; } = new();
    public TimeSpan Measured { get; private set; }

    /// <summary>Completed operations per second of measured time.</summary>
    public double Throughput => Measured > TimeSpan.Zero ? Latency.Count / Measured.TotalSeconds : 0;

    public async Task RunSliceAsync(TimeSpan length, bool measure, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await run(length, measure ? Latency : new LatencyRecorder(), cancellationToken);
        if (measure) Measured += Stopwatch.GetElapsedTime(start);
    }
}

/// <summary>
/// Series take turns in short slices (baseline, runtime, baseline, …) so that every series sees the same machine state —
/// CPU frequency, background work, GC — instead of one running entirely before the other.
/// </summary>
internal static class Interleaved
{
    public static async Task RunAsync(IReadOnlyList<Series> series, TimeSpan warmup, TimeSpan perSeries, TimeSpan slice,
        CancellationToken cancellationToken)
    {
        // The warm-up is shared by the series: enough calls for tiered JIT to settle on every path.
        var warmupEach = TimeSpan.FromTicks(warmup.Ticks / Math.Max(1, series.Count));
        foreach (var s in series)
            if (warmupEach > TimeSpan.Zero) await s.RunSliceAsync(warmupEach, measure: false, cancellationToken);

        for (var done = TimeSpan.Zero; done < perSeries; done += slice)
        {
            var length = perSeries - done < slice ? perSeries - done : slice;
            foreach (var s in series) await s.RunSliceAsync(length, measure: true, cancellationToken);
        }
    }
}
