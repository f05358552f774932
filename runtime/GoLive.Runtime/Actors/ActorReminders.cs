using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using GoLive.Runtime.State;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Actors;

/// <summary>A reminder as registered (strings kept verbatim to echo back) and where its schedule stands.</summary>
internal sealed record ReminderRecord(
    string ActorType, string ActorId, string Name, string? DueTime, string? Period, string? Ttl, JsonElement? Data,
    DateTimeOffset RegisteredAt, DateTimeOffset NextDue, int Fired, DateTimeOffset? ExpiresAt);

/// <summary>
/// The durable reminders of one app id, shared by all its instances: kept in the actor state store (so they survive a
/// restart of the app, the sidecar or the whole runtime) and fired on whichever instance hosts the actor at the time.
/// A reminder whose actor has no host yet waits for one. Firing is at least once: a crash between the app's answer and
/// the saved schedule fires that occurrence again.
/// </summary>
internal sealed class ActorReminders(string appId, IStateStore store, ActorPlacement placement, TimeProvider time, ILogger<ActorReminders> logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ReminderRecord> _all = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _queue = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _wake;
    private Task? _started;
    private Task _loop = Task.CompletedTask;

    private string Prefix => $"__golive_reminders||{appId}||";
    private string KeyOf(string actorType, string actorId, string name) => $"{Prefix}{actorType}||{actorId}||{name}";

    public int Count => _all.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate) _started ??= LoadAsync();
        return _started.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync()
    {
        foreach (var (key, entry) in await store.ScanAsync(Prefix, int.MaxValue, _stop.Token))
        {
            var record = JsonSerializer.Deserialize(entry.Value, ActorJson.Default.ReminderRecord);
            if (record is not null) Schedule(key, record);
        }
        if (_all.Count > 0) logger.LogInformation("Loaded {Count} reminders of app {AppId}", _all.Count, appId);
        _loop = RunAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { /* stopping */ }
    }

    public async Task SetAsync(string actorType, string actorId, string name, string? dueTime, string? period, string? ttl, JsonElement? data,
        CancellationToken cancellationToken)
    {
        var schedule = ActorSchedule.Parse(dueTime, period, ttl);
        var now = time.GetUtcNow();
        var record = new ReminderRecord(actorType, actorId, name, dueTime, period, ttl, data, now, schedule.FirstDue(now), 0, schedule.ExpiresAt(now));
        var key = KeyOf(actorType, actorId, name);
        await store.ApplyAsync([new StateUpsert(key, JsonSerializer.SerializeToUtf8Bytes(record, ActorJson.Default.ReminderRecord), null, false, null)], cancellationToken);
        _failures.TryRemove(key, out _);
        Schedule(key, record);
    }

    public ReminderRecord? Get(string actorType, string actorId, string name) => _all.GetValueOrDefault(KeyOf(actorType, actorId, name));

    public async Task DeleteAsync(string actorType, string actorId, string name, CancellationToken cancellationToken)
    {
        var key = KeyOf(actorType, actorId, name);
        await store.ApplyAsync([new StateDelete(key, null, false)], cancellationToken);
        _all.TryRemove(key, out _);
    }

    private void Schedule(string key, ReminderRecord record)
    {
        _all[key] = record;
        lock (_gate) _queue.Enqueue(key, record.NextDue);
        try { Volatile.Read(ref _wake)?.Cancel(); }
        catch (ObjectDisposedException) { /* the loop already moved on to its next sleep, which sees this reminder */ }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Volatile.Write(ref _wake, wake);
            var now = time.GetUtcNow();
            DateTimeOffset? next = null;
            lock (_gate)
            {
                while (_queue.TryPeek(out var key, out var due))
                {
                    if (!_all.TryGetValue(key, out var record) || record.NextDue != due) { _queue.Dequeue(); continue; } // replaced or deleted
                    if (due > now) { next = due; break; }
                    _queue.Dequeue();
                    _ = FireAsync(key, record, stop);
                }
            }
            var sleep = next is { } at ? at - now : MaxSleep;
            try { await Task.Delay(sleep < MaxSleep ? sleep : MaxSleep, time, wake.Token); }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested) { /* woken by a new reminder */ }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task FireAsync(string key, ReminderRecord record, CancellationToken stop)
    {
        var succeeded = false;
        try
        {
            if (placement.Locate(record.ActorType, record.ActorId) is not { } host)
            {
                Reschedule(key, record, record with { NextDue = time.GetUtcNow() + RetryDelay });
                return;
            }
            var body = JsonSerializer.SerializeToUtf8Bytes(new RemindBody(record.Data, record.DueTime ?? "", record.Period ?? ""), ActorJson.Default.RemindBody);
            var reply = await host.InvokeAsync(new ActorCall(record.ActorType, record.ActorId, $"method/remind/{record.Name}", body, [], null), stop);
            succeeded = reply.IsSuccess;
            if (!succeeded) logger.LogWarning("Reminder {Reminder} of {ActorType}/{ActorId} answered {Status}", record.Name, record.ActorType, record.ActorId, reply.Status);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
        catch (Exception e)
        {
            logger.LogWarning(e, "Reminder {Reminder} of {ActorType}/{ActorId} failed", record.Name, record.ActorType, record.ActorId);
        }
        await AdvanceAsync(key, record, succeeded, stop);
    }

    private async Task AdvanceAsync(string key, ReminderRecord record, bool succeeded, CancellationToken stop)
    {
        var now = time.GetUtcNow();
        var schedule = ActorSchedule.Parse(record.DueTime, record.Period, record.Ttl);
        // A failed one-shot reminder is retried a few times; a periodic one simply waits for its next period.
        if (!succeeded && schedule.Period is null && _failures.AddOrUpdate(key, 1, (_, n) => n + 1) <= 5)
        {
            Reschedule(key, record, record with { NextDue = now + RetryDelay });
            return;
        }
        _failures.TryRemove(key, out _);
        var fired = record.Fired + 1;
        var done = schedule.Period is not { } period || (schedule.Repetitions is { } max && fired >= max)
            || (record.ExpiresAt is { } end && record.NextDue + period >= end);
        try
        {
            if (done)
            {
                if (_all.TryGetValue(key, out var current) && current == record)
                {
                    await store.ApplyAsync([new StateDelete(key, null, false)], stop);
                    _all.TryRemove(new KeyValuePair<string, ReminderRecord>(key, record));
                }
                return;
            }
            var nextDue = record.NextDue + schedule.Period!.Value;
            var next = record with { NextDue = nextDue > now ? nextDue : now, Fired = fired };
            if (!_all.TryGetValue(key, out var latest) || latest != record) return;
            await store.ApplyAsync([new StateUpsert(key, JsonSerializer.SerializeToUtf8Bytes(next, ActorJson.Default.ReminderRecord), null, false, null)], stop);
            Reschedule(key, record, next);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Reminder {Reminder} of {ActorType}/{ActorId}: saving its schedule failed", record.Name, record.ActorType, record.ActorId);
            Reschedule(key, record, record with { NextDue = now + RetryDelay });
        }
    }

    /// <summary>Moves a reminder on, unless the actor replaced or deleted it while it ran: never bring back an old one.</summary>
    private void Reschedule(string key, ReminderRecord fired, ReminderRecord next)
    {
        if (_all.TryUpdate(key, next, fired)) Schedule(key, next);
    }

}
