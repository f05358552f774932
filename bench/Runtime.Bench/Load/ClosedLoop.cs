using System.Diagnostics;

namespace GoLive.Runtime.Bench.Load;

/// <summary><c>workers</c> loops, each sending its next request as soon as the previous one is answered.</summary>
internal static class ClosedLoop
{
    /// <param name="operation">One request: receives the worker index and that worker's request number; throws on failure.</param>
    public static Task RunAsync(Func<int, long, CancellationToken, Task> operation, int workers, TimeSpan length,
        LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(operation, w, end, recorder, cancellationToken)));
    }

    private static async Task WorkAsync(Func<int, long, CancellationToken, Task> operation, int worker, long end,
        LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var i = 0L; Stopwatch.GetTimestamp() < end; i++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await operation(worker, i, cancellationToken);
                recorder.RecordSince(start);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                recorder.RecordError();
            }
        }
    }
}
