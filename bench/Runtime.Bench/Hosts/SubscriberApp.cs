using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoLive.Runtime.Bench.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>The event both paths deliver: which series sent it, and the timestamp its latency counts from.</summary>
internal sealed record BenchEvent(int Series, long Start);

[JsonSerializable(typeof(BenchEvent))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary>
/// A subscriber built like our apps: <c>UseCloudEvents</c>, <c>MapSubscribeHandler</c> and a route declared with
/// <c>WithTopic("pubsub", "bench")</c>. Each delivery records its end-to-end latency into the series named in the event.
/// </summary>
internal static class SubscriberApp
{
    public const string PubSub = "pubsub", Topic = "bench", Route = "bench";

    public static WebApplication Build(int port, Deliveries deliveries)
    {
        var builder = LoopbackApp.CreateBuilder(port);
        builder.Services.AddDaprClient();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJson.Default));
        var app = builder.Build();
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/" + Route, (BenchEvent e) =>
        {
            deliveries.Record(e);
            return Results.Ok();
        }).WithTopic(PubSub, Topic);
        return app;
    }
}

/// <summary>What the subscriber received, per series; a series' recorder is swapped in before each of its slices.</summary>
internal sealed class Deliveries(int series)
{
    private readonly LatencyRecorder?[] _recorders = new LatencyRecorder?[series];
    private readonly long[] _counts = new long[series];
    private readonly long[] _last = new long[series];

    public void Attach(int series, LatencyRecorder recorder) => Volatile.Write(ref _recorders[series], recorder);

    public long Count(int series) => Interlocked.Read(ref _counts[series]);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the latest delivery of the series.</summary>
    public long LastDelivery(int series) => Interlocked.Read(ref _last[series]);

    public void Record(BenchEvent e)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Read(ref _recorders[e.Series])?.Record(now - e.Start);
        Interlocked.Increment(ref _counts[e.Series]);
        for (var last = Interlocked.Read(ref _last[e.Series]); now > last; last = Interlocked.Read(ref _last[e.Series]))
            if (Interlocked.CompareExchange(ref _last[e.Series], now, last) == last) break;
    }

    /// <summary>Waits until the series has <paramref name="expected"/> deliveries or the timeout passes; true when reached.</summary>
    public async Task<bool> WaitForAsync(int series, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count(series) < expected)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
        return true;
    }
}
