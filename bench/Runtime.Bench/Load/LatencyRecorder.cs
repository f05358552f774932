using System.Diagnostics;

namespace GoLive.Runtime.Bench.Load;

/// <summary>
/// Every latency of one series, as <see cref="Stopwatch"/> ticks, appended lock-free from any thread into chunks allocated on
/// demand; sorted once at the end. Exact percentiles, no histogram rounding.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly long[]?[] _chunks = new long[]?[4096];
    private int _count;
    private long _errors;

    public int Count => Math.Min(Volatile.Read(ref _count), _chunks.Length * ChunkSize);
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to now.</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetTimestamp() - startTimestamp);

    public void Record(long elapsedTicks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        var chunkIndex = index >> ChunkBits;
        if (chunkIndex >= _chunks.Length) return;
        var chunk = Volatile.Read(ref _chunks[chunkIndex]);
        if (chunk is null)
        {
            Interlocked.CompareExchange(ref _chunks[chunkIndex], new long[ChunkSize], null);
            chunk = Volatile.Read(ref _chunks[chunkIndex])!;
        }
        chunk[index & (ChunkSize - 1)] = elapsedTicks;
    }

    public void RecordError() => Interlocked.Increment(ref _errors);

    /// <summary>Call once every writer has finished.</summary>
    public LatencySummary Summarize()
    {
        var count = Count;
        var values = new long[count];
        for (var offset = 0; offset < count; offset += ChunkSize)
            Array.Copy(_chunks[offset >> ChunkBits]!, 0, values, offset, Math.Min(ChunkSize, count - offset));
        Array.Sort(values);
        return new LatencySummary(count, Errors,
            Percentile(values, 0.50), Percentile(values, 0.90), Percentile(values, 0.99),
            count == 0 ? double.NaN : ToMilliseconds(values[^1]));
    }

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : ToMilliseconds(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Percentiles of one series, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, long Errors, double P50, double P90, double P99, double Max);
