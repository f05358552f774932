using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Actors;

/// <summary>An activated actor: its turns, when it was last used, and its timers (timers are not durable: they end with it).</summary>
internal sealed class ActiveActor(string actorType, string actorId, ActorTypeConfig config)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _timers = new(StringComparer.Ordinal);

    public string ActorType { get; } = actorType;
    public string ActorId { get; } = actorId;
    public ActorTypeConfig Config { get; } = config;
    public ActorTurns Turns { get; } = new(config.Reentrancy, config.MaxStackDepth);
    public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.MinValue;
    public volatile bool Deactivated;

    public void SetTimer(string name, ActorSchedule schedule, TimeProvider time, Func<CancellationToken, Task> fire, ILogger logger)
    {
        var stop = new CancellationTokenSource();
        if (_timers.TryGetValue(name, out var previous)) previous.Cancel();
        _timers[name] = stop;
        _ = RunAsync(name, schedule, time, fire, logger, stop);
    }

    public bool DeleteTimer(string name)
    {
        if (!_timers.TryRemove(name, out var stop)) return false;
        stop.Cancel();
        return true;
    }

    public void StopTimers()
    {
        foreach (var name in _timers.Keys) DeleteTimer(name);
    }

    private async Task RunAsync(string name, ActorSchedule schedule, TimeProvider time, Func<CancellationToken, Task> fire, ILogger logger, CancellationTokenSource stop)
    {
        var registered = time.GetUtcNow();
        var due = schedule.FirstDue(registered);
        var expires = schedule.ExpiresAt(registered);
        var fired = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stop.Token);
                if (expires is { } end && time.GetUtcNow() >= end) break;
                try { await fire(stop.Token); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Timer {Timer} of actor {ActorType}/{ActorId} failed", name, ActorType, ActorId);
                }
                fired++;
                if (schedule.Period is not { } period || (schedule.Repetitions is { } max && fired >= max)) break;
                due += period;
            }
        }
        catch (OperationCanceledException) { /* deleted, replaced or deactivated */ }
        finally
        {
            _timers.TryRemove(new KeyValuePair<string, CancellationTokenSource>(name, stop));
            stop.Dispose();
        }
    }
}
