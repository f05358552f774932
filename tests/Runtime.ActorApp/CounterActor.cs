using System.Text;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Actors.Runtime;

namespace GoLive.Runtime.ActorApp;

public interface ICounterActor : IActor
{
    Task<int> IncrementAsync(int delayMs);
    Task<int> GetAsync();
    /// <param name="repetitions">0 for a reminder that repeats until unregistered (or fires once when the period is zero).</param>
    Task RegisterReminderAsync(string name, int dueMs, int periodMs, int repetitions, string payload);
    Task ForgetReminderAsync(string name);
    Task StartTimerAsync(string name, int dueMs, int periodMs, string payload);
    Task<string> PingThroughAsync(string otherId);
    Task<string> PingBackAsync(string callerId);
    Task<string> PingAsync();
    Task<string> FailAsync();
}

/// <summary>A counter whose calls, activations, reminders and timers are written to the <see cref="ActorJournal"/>.</summary>
public sealed class CounterActor(ActorHost host, ActorJournal journal) : Actor(host), ICounterActor, IRemindable
{
    private const string CountKey = "count";

    protected override Task OnActivateAsync()
    {
        journal.Record($"activated:{Id}");
        return Task.CompletedTask;
    }

    protected override Task OnDeactivateAsync()
    {
        journal.Record($"deactivated:{Id}");
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAsync(int delayMs)
    {
        using var inside = journal.Enter(Id.GetId());
        var count = (await StateManager.TryGetStateAsync<int>(CountKey)).Value + 1;
        if (delayMs > 0) await Task.Delay(delayMs);
        await StateManager.SetStateAsync(CountKey, count);
        await StateManager.SaveStateAsync();
        return count;
    }

    public async Task<int> GetAsync() => (await StateManager.TryGetStateAsync<int>(CountKey)).Value;

    public async Task RegisterReminderAsync(string name, int dueMs, int periodMs, int repetitions, string payload)
    {
        var (data, due, period) = (Encoding.UTF8.GetBytes(payload), TimeSpan.FromMilliseconds(dueMs), TimeSpan.FromMilliseconds(periodMs));
        if (repetitions > 0) await RegisterReminderAsync(name, data, due, period, repetitions);
        else await RegisterReminderAsync(name, data, due, period);
    }

    public Task ForgetReminderAsync(string name) => UnregisterReminderAsync(name);

    public Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        journal.Record($"reminder:{Id}:{reminderName}:{Encoding.UTF8.GetString(state)}");
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(string name, int dueMs, int periodMs, string payload) =>
        RegisterTimerAsync(name, nameof(OnTimerAsync), Encoding.UTF8.GetBytes(payload), TimeSpan.FromMilliseconds(dueMs), TimeSpan.FromMilliseconds(periodMs));

    public Task OnTimerAsync(byte[] payload)
    {
        journal.Record($"timer:{Id}:{Encoding.UTF8.GetString(payload)}");
        return Task.CompletedTask;
    }

    /// <summary>A → B → A: only reentrancy lets the inner call into A while A's turn is held.</summary>
    public Task<string> PingThroughAsync(string otherId) =>
        ProxyFactory.CreateActorProxy<ICounterActor>(new ActorId(otherId), nameof(CounterActor)).PingBackAsync(Id.GetId());

    public Task<string> PingBackAsync(string callerId) =>
        ProxyFactory.CreateActorProxy<ICounterActor>(new ActorId(callerId), nameof(CounterActor)).PingAsync();

    public Task<string> PingAsync() => Task.FromResult($"pong:{Id}");

    public Task<string> FailAsync() => throw new InvalidOperationException("counter failed on purpose");
}
