using System.Diagnostics;

namespace GoLive.Runtime.Bench.Load;

/// <summary>
/// A fixed send schedule: each of <c>connections</c> senders sends every <c>connections / rate</c> seconds, offset so the
/// sends spread evenly. Latency counts from the scheduled time whenever the sender was still waiting for its previous answer
/// at that time (no coordinated omission); otherwise from the actual send, so the load generator's own timer jitter is not
/// charged to the system under test.
/// </summary>
internal static class OpenLoop
{
    private static readonly long OneMillisecond = Stopwatch.Frequency / 1000;

    /// <param name="send">Sends one request; receives the timestamp its latency counts from, throws on failure.</param>
    /// <param name="record">When false, the caller records latency itself (e.g. at the receiver, from a timestamp in the payload).</param>
    public static Task RunAsync(Func<long, CancellationToken, Task> send, int rate, int connections, TimeSpan length,
        LatencyRecorder recorder, bool record, CancellationToken cancellationToken)
    {
        var interval = Stopwatch.Frequency * (double)connections / rate;
        var origin = Stopwatch.GetTimestamp() + OneMillisecond;
        var end = origin + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var senders = Enumerable.Range(0, connections).Select(c =>
            SendOnScheduleAsync(send, origin + (long)(interval * c / connections), interval, end, recorder, record, cancellationToken));
        return Task.WhenAll(senders);
    }

    private static async Task SendOnScheduleAsync(Func<long, CancellationToken, Task> send, long origin, double interval, long end,
        LatencyRecorder recorder, bool record, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var previousDone = 0L;
        for (var i = 0L; ; i++)
        {
            var scheduled = origin + (long)(i * interval);
            if (scheduled >= end) return;
            var wait = scheduled - Stopwatch.GetTimestamp();
            if (wait >= OneMillisecond)
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            var start = previousDone > scheduled ? scheduled : Stopwatch.GetTimestamp();
            try
            {
                await send(start, cancellationToken);
                if (record) recorder.RecordSince(start);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                recorder.RecordError();
            }
            previousDone = Stopwatch.GetTimestamp();
        }
    }
}
