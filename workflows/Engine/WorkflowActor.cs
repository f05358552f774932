using Dapr.Actors;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace GoLive.Workflows;

/// <summary>The durable record of one workflow instance. Calls are JSON (non-remoting), so any client can make them.</summary>
public interface IWorkflowActor : IActor
{
    Task<StartResult> StartAsync(StartRequest request);
    Task<WorkflowState?> GetAsync();
    Task<StepRecord> RecordAsync(StepRecord step);
    Task<StepRecord> ScheduleAsync(StepRecord step);
    Task FinishAsync(Completion completion);
    Task RaiseAsync(RaiseRequest request);
    Task TerminateAsync(TerminateRequest request);
    Task<bool> PurgeAsync();
}

/// <summary>
/// One workflow instance as an actor: its state (steps, inbox, status) is saved in the actor store on every change, so a
/// checkpoint is one actor state transaction. Reminders make it durable in time: <c>resume</c> re-runs the instance
/// while it is unfinished (this is what recovers it after a crash), <c>wake-{seq}</c> fires a timer or an event timeout.
/// The workflow code itself runs beside the actor, in <see cref="WorkflowRunner"/>, never inside an actor turn.
/// </summary>
public sealed class WorkflowActor(ActorHost host, WorkflowRunner runner, WorkflowOptions options, TimeProvider time, ILogger<WorkflowActor> logger)
    : Actor(host), IWorkflowActor, IRemindable
{
    public const string TypeName = nameof(WorkflowActor);
    private const string StateKey = "workflow";
    private const string ResumeReminder = "resume";

    public async Task<StartResult> StartAsync(StartRequest request)
    {
        if (await Load() is { } existing) return new StartResult(false, existing.Status);
        if (!options.Workflows.ContainsKey(request.Name)) throw new ArgumentException($"no workflow named '{request.Name}' is registered");
        var now = time.GetUtcNow();
        var state = new WorkflowState(Id.GetId(), request.Name, request.Input, WorkflowStatus.Running, now, now, [], []);
        await SaveAsync(state);
        await RegisterReminderAsync(ResumeReminder, null, options.ResumeInterval, options.ResumeInterval);
        runner.Trigger(Id.GetId());
        return new StartResult(true, state.Status);
    }

    public Task<WorkflowState?> GetAsync() => Load();

    public async Task<StepRecord> RecordAsync(StepRecord step)
    {
        var state = await Require();
        if (state.IsFinished) throw new WorkflowEndedException(state.InstanceId, state.Status);
        var status = state.Status == WorkflowStatus.Waiting ? WorkflowStatus.Running : state.Status;
        var custom = step.Kind == StepKind.Status ? step.Output : state.CustomStatus;
        await SaveAsync(state with { Steps = Upsert(state.Steps, step), Status = status, UpdatedAt = time.GetUtcNow(), CustomStatus = custom },
            indexAnyway: step.Kind == StepKind.Status);
        return step;
    }

    public async Task<StepRecord> ScheduleAsync(StepRecord step)
    {
        var state = await Require();
        if (state.IsFinished) throw new WorkflowEndedException(state.InstanceId, state.Status);
        var now = time.GetUtcNow();
        var settled = step.Kind switch
        {
            StepKind.Timer when step.DueAt <= now => step with { Status = StepStatus.Completed, CompletedAt = now },
            StepKind.Event when Unconsumed(state, step.Name) is { } raised =>
                step with { Status = StepStatus.Completed, Output = raised.Payload, CompletedAt = now, Error = null },
            _ => step,
        };
        var inbox = settled.Kind == StepKind.Event && settled.IsFinished ? Consume(state.Inbox, step.Name) : state.Inbox;
        await SaveAsync(state with { Steps = Upsert(state.Steps, settled), Inbox = inbox,
            Status = settled.IsFinished ? WorkflowStatus.Running : WorkflowStatus.Waiting, UpdatedAt = now });
        if (!settled.IsFinished)
            await RegisterReminderAsync($"wake-{settled.Seq}", null, Max(settled.DueAt!.Value - now, TimeSpan.Zero), TimeSpan.FromMilliseconds(-1));
        return settled;
    }

    public async Task FinishAsync(Completion completion)
    {
        var state = await Require();
        if (state.IsFinished) return;
        await SaveAsync(state with { Status = completion.Status, Output = completion.Output, Error = completion.Error, UpdatedAt = time.GetUtcNow() });
        await UnregisterReminderAsync(ResumeReminder);
        // A timer or event wait the code stopped waiting for (Task.WhenAny) must not fire after the end.
        foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Waiting)) await TryUnregisterAsync($"wake-{step.Seq}");
        logger.LogInformation("Workflow {InstanceId} ({Workflow}) ended {Status}", state.InstanceId, state.Name, completion.Status);
    }

    public async Task RaiseAsync(RaiseRequest request)
    {
        var state = await Require();
        if (state.IsFinished) return;
        var raised = new RaisedEvent(request.EventId ?? Guid.NewGuid().ToString("N"), request.Name, request.Payload, time.GetUtcNow());
        if (state.Inbox.Any(e => e.Id == raised.Id)) return; // the same event raised twice is kept once
        var waiting = state.Steps.FirstOrDefault(s => s is { Kind: StepKind.Event, Status: StepStatus.Waiting } && s.Name == request.Name);
        if (waiting is null)
        {
            await SaveAsync(state with { Inbox = [.. state.Inbox, raised], UpdatedAt = raised.RaisedAt });
            return;
        }
        var done = waiting with { Status = StepStatus.Completed, Output = request.Payload, CompletedAt = raised.RaisedAt };
        await SaveAsync(state with { Steps = Upsert(state.Steps, done), Status = WorkflowStatus.Running, UpdatedAt = raised.RaisedAt });
        await TryUnregisterAsync($"wake-{waiting.Seq}");
        runner.Trigger(state.InstanceId);
    }

    public async Task TerminateAsync(TerminateRequest request)
    {
        var state = await Require();
        if (state.IsFinished) return;
        await SaveAsync(state with { Status = WorkflowStatus.Terminated, Error = request.Reason ?? "terminated", UpdatedAt = time.GetUtcNow() });
        await TryUnregisterAsync(ResumeReminder);
        foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Waiting)) await TryUnregisterAsync($"wake-{step.Seq}");
    }

    public async Task<bool> PurgeAsync()
    {
        if (await Load() is not { IsFinished: true }) return false;
        await StateManager.RemoveStateAsync(StateKey);
        await StateManager.SaveStateAsync();
        _loaded = null;
        return true;
    }

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        var current = await Load();
        if (current is null || current.IsFinished) return;
        if (reminderName.StartsWith("wake-", StringComparison.Ordinal) && int.TryParse(reminderName[5..], out var seq)
            && current.Steps.FirstOrDefault(s => s.Seq == seq) is { Status: StepStatus.Waiting } step)
        {
            var now = time.GetUtcNow();
            // A timer that is due completes; an event wait that is due has timed out.
            var woken = step.Kind == StepKind.Timer
                ? step with { Status = StepStatus.Completed, CompletedAt = now }
                : step with { Status = StepStatus.Failed, Error = "timed out", CompletedAt = now };
            await SaveAsync(current with { Steps = Upsert(current.Steps, woken), Status = WorkflowStatus.Running, UpdatedAt = now });
        }
        runner.Trigger(current.InstanceId);
    }

    private WorkflowState? _loaded;

    private async Task<WorkflowState?> Load() =>
        _loaded = (await StateManager.TryGetStateAsync<WorkflowState>(StateKey)) is { HasValue: true } s ? s.Value : null;

    private async Task<WorkflowState> Require() => await Load() ?? throw new InvalidOperationException($"workflow instance {Id} does not exist");

    private async Task SaveAsync(WorkflowState state, bool indexAnyway = false)
    {
        var before = _loaded?.Status;
        await StateManager.SetStateAsync(StateKey, state);
        await StateManager.SaveStateAsync(); // the checkpoint: durable before the caller goes on
        _loaded = state;
        if (before != state.Status || indexAnyway) await runner.IndexAsync(state.Summary); // the list shows status, so only status changes touch it
    }

    private async Task TryUnregisterAsync(string reminder)
    {
        try { await UnregisterReminderAsync(reminder); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogDebug(e, "Reminder {Reminder} already gone", reminder); }
    }

    private static IReadOnlyList<StepRecord> Upsert(IReadOnlyList<StepRecord> steps, StepRecord step) =>
        [.. steps.Where(s => s.Seq != step.Seq), step];

    private static RaisedEvent? Unconsumed(WorkflowState state, string name) => state.Inbox.FirstOrDefault(e => e.Name == name);

    private static IReadOnlyList<RaisedEvent> Consume(IReadOnlyList<RaisedEvent> inbox, string name)
    {
        var first = inbox.First(e => e.Name == name);
        return [.. inbox.Where(e => e != first)];
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>A finished (or terminated) instance refuses further steps; the run that tried stops.</summary>
public sealed class WorkflowEndedException(string instanceId, WorkflowStatus status)
    : Exception($"workflow {instanceId} is {status.ToString().ToLowerInvariant()}");
