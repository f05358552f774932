using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapr.Actors;
using Dapr.Actors.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.Workflows;

/// <summary>
/// Runs workflow code for the instances this app hosts. A run replays the instance from its recorded steps, executes new
/// steps (each checkpointed through the instance's actor before the code continues), and stops when the code returns,
/// throws, or waits on a timer or event. One run per instance at a time; a trigger during a run queues one more run.
/// </summary>
public sealed class WorkflowRunner(IServiceProvider services, WorkflowOptions options, TimeProvider time, ILogger<WorkflowRunner> logger)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, RunSlot> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private sealed class RunSlot { public int Again; }

    /// <summary>Raised in this process when an instance it ran ends (completed, failed or compensated).</summary>
    public event Action<string, WorkflowStatus>? Finished;

    private IActorProxyFactory Proxies => services.GetRequiredService<IActorProxyFactory>();

    internal ActorProxy Instance(string instanceId) => (ActorProxy)Proxies.Create(new ActorId(instanceId), WorkflowActor.TypeName);

    /// <summary>Asks for a run of <paramref name="instanceId"/> soon; never blocks the caller (an actor turn).</summary>
    public void Trigger(string instanceId)
    {
        var slot = new RunSlot();
        var current = _running.GetOrAdd(instanceId, slot);
        if (current != slot)
        {
            Interlocked.Exchange(ref current.Again, 1);
            return;
        }
        _ = Task.Run(() => RunLoopAsync(instanceId, slot));
    }

    private readonly Channel<WorkflowSummary> _index = Channel.CreateUnbounded<WorkflowSummary>(new UnboundedChannelOptions { SingleReader = true });
    private int _indexing;

    /// <summary>
    /// Keeps the list of instances current, best effort and off the caller's path: summaries are queued and sent to the
    /// index actor in batches (the instance's own state is the truth; the list may trail it by a moment).
    /// </summary>
    internal Task IndexAsync(WorkflowSummary summary)
    {
        _index.Writer.TryWrite(summary);
        if (Interlocked.Exchange(ref _indexing, 1) == 0) _ = Task.Run(IndexLoopAsync);
        return Task.CompletedTask;
    }

    private async Task IndexLoopAsync()
    {
        var index = (ActorProxy)Proxies.Create(new ActorId(WorkflowIndexActor.SingletonId), WorkflowIndexActor.TypeName);
        try
        {
            while (await _index.Reader.WaitToReadAsync(_stopping.Token))
            {
                var batch = new Dictionary<string, WorkflowSummary>(StringComparer.Ordinal);
                while (batch.Count < 500 && _index.Reader.TryRead(out var summary)) batch[summary.InstanceId] = summary;
                try { await index.InvokeMethodAsync(nameof(IWorkflowIndexActor.UpsertManyAsync), batch.Values.ToArray()); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Workflow index not updated for {Count} instances", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    private async Task RunLoopAsync(string instanceId, RunSlot slot)
    {
        try
        {
            do
            {
                Interlocked.Exchange(ref slot.Again, 0);
                try { await RunOnceAsync(instanceId); }
                catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    // The resume reminder runs it again later; nothing finished is lost.
                    logger.LogWarning(e, "Run of workflow {InstanceId} stopped", instanceId);
                }
            } while (Interlocked.CompareExchange(ref slot.Again, 0, 1) == 1 && !_stopping.IsCancellationRequested);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, RunSlot>(instanceId, slot));
            if (Volatile.Read(ref slot.Again) == 1 && !_stopping.IsCancellationRequested) Trigger(instanceId);
        }
    }

    private async Task FinishAsync(ActorProxy actor, string instanceId, Completion completion)
    {
        await actor.InvokeMethodAsync(nameof(IWorkflowActor.FinishAsync), completion);
        WorkflowMetrics.Finished(completion.Status);
        Finished?.Invoke(instanceId, completion.Status);
    }

    private async Task RunOnceAsync(string instanceId)
    {
        var actor = Instance(instanceId);
        var state = await actor.InvokeMethodAsync<WorkflowState?>(nameof(IWorkflowActor.GetAsync));
        if (state is null || state.IsFinished) return;
        if (!options.Workflows.TryGetValue(state.Name, out var type))
        {
            await FinishAsync(actor, instanceId, new Completion(WorkflowStatus.Failed, null, $"no workflow named '{state.Name}' is registered"));
            return;
        }
        using var scope = services.CreateScope();
        var workflow = (IWorkflow)scope.ServiceProvider.GetRequiredService(type);
        var context = new WorkflowContext(state, new ActorCheckpoint(actor), scope.ServiceProvider, options, time, _stopping.Token);
        var run = workflow.RunAsync(context, state.Input);
        await Task.WhenAny(run, context.Quiet);
        if (!run.IsCompleted) return; // waiting on a timer or event: its reminder or the event resumes the instance

        if (run.IsCompletedSuccessfully)
        {
            await FinishAsync(actor, instanceId, new Completion(WorkflowStatus.Completed, await run, null));
            return;
        }
        var error = run.Exception?.GetBaseException() ?? new OperationCanceledException();
        // Terminated (or finished by another run) meanwhile: the checkpoint refused the step; nothing more to do.
        var latest = await actor.InvokeMethodAsync<WorkflowState?>(nameof(IWorkflowActor.GetAsync));
        if (latest is null || latest.IsFinished || _stopping.IsCancellationRequested) return;
        // The sidecar or the actor store failed, not the workflow: stop this run; the resume reminder runs it again.
        if (error is CheckpointFailedException) throw error;
        await CompensateAsync(actor, context, state, error);
    }

    /// <summary>Undoes the completed steps that declared a compensation, newest first, each as a checkpointed step.</summary>
    private async Task CompensateAsync(ActorProxy actor, WorkflowContext context, WorkflowState state, Exception error)
    {
        var message = error is WorkflowStepFailedException step ? step.Message : $"{error.GetType().Name}: {error.Message}";
        if (context.Compensations.Count == 0)
        {
            await FinishAsync(actor, state.InstanceId, new Completion(WorkflowStatus.Failed, null, message));
            return;
        }
        try
        {
            foreach (var (_, undo) in context.Compensations.Reverse())
            {
                if (!options.Activities.TryGetValue(undo.Activity, out var type)) throw new InvalidOperationException($"no activity named '{undo.Activity}' is registered");
                await context.RunStepAsync(StepKind.Compensation, undo.Activity, undo.Input, new StepOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(200))),
                    (ctx, json) => ((IWorkflowActivity)services.GetRequiredService(type)).RunAsync(ctx, json));
            }
        }
        catch (WorkflowStepFailedException e)
        {
            await FinishAsync(actor, state.InstanceId, new Completion(WorkflowStatus.Failed, null, $"{message}; compensation failed: {e.Message}"));
            return;
        }
        await FinishAsync(actor, state.InstanceId, new Completion(WorkflowStatus.Compensated, null, message));
        logger.LogInformation("Workflow {InstanceId} ({Workflow}) compensated after: {Reason}", state.InstanceId, state.Name, message);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class ActorCheckpoint(ActorProxy actor) : IInstanceCheckpoint
    {
        public async Task<StepRecord> RecordAsync(StepRecord step)
        {
            var recorded = await CheckpointAsync(nameof(IWorkflowActor.RecordAsync), step);
            WorkflowMetrics.Step(recorded);
            return recorded;
        }

        public Task<StepRecord> ScheduleAsync(StepRecord step) => CheckpointAsync(nameof(IWorkflowActor.ScheduleAsync), step);

        private async Task<StepRecord> CheckpointAsync(string method, StepRecord step)
        {
            try { return await actor.InvokeMethodAsync<StepRecord, StepRecord>(method, step); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CheckpointFailedException(step.Seq, e);
            }
        }
    }
}
