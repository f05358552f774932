using System.Diagnostics;
using System.Globalization;

namespace GoLive.Runtime.Bench;

/// <summary>Collects latencies (Stopwatch ticks) from many threads and reports percentiles in milliseconds.</summary>
internal sealed class Latency
{
    readonly List<long> _ticks = new(1 << 16);
    readonly Lock _lock = new();

    public void Record(long startTimestamp) => Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void Add(long ticks)
    {
        lock (_lock) _ticks.Add(ticks);
    }

    public int Count => _ticks.Count;

    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_ticks.Count == 0) return double.NaN;
            _ticks.Sort();
            var index = (int)Math.Ceiling(p / 100 * _ticks.Count) - 1;
            return _ticks[Math.Clamp(index, 0, _ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
        }
    }

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>Drives a call at a fixed total rate over N connections (open loop: a slow answer does not slow the schedule).</summary>
internal static class OpenLoop
{
    public static async Task RunAsync(int rate, int connections, TimeSpan duration, Func<CancellationToken, Task> call, Latency latency)
    {
        var interval = TimeSpan.FromSeconds((double)connections / rate);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(async i =>
        {
            var next = start + (long)(interval.TotalSeconds * Stopwatch.Frequency * i / connections);
            while (next < end)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var sent = Stopwatch.GetTimestamp();
                await call(CancellationToken.None);
                latency.Record(sent);
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Closed loop: N workers call back to back for the duration; returns completed calls.</summary>
    public static async Task<long> SaturateAsync(int workers, TimeSpan duration, Func<Task> call, Latency latency)
    {
        long done = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                await call();
                latency.Record(sent);
                Interlocked.Increment(ref done);
            }
        }));
        return done;
    }
}
