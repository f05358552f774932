using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Workflows;

/// <summary>
/// What workflow code calls. Every call is a numbered step: on a resumed run a finished step returns its recorded result
/// at once; a new step runs (activities) or is scheduled (timers, events) and is checkpointed before the code goes on.
/// </summary>
public sealed class WorkflowContext
{
    private readonly Dictionary<int, StepRecord> _recorded;
    private readonly IInstanceCheckpoint _checkpoint;
    private readonly IServiceProvider _services;
    private readonly WorkflowOptions _options;
    private readonly TimeProvider _time;
    private readonly List<(int Seq, Compensation Compensation)> _compensations = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _quiet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextSeq;
    private int _inFlight;
    private int _waiting;

    internal WorkflowContext(WorkflowState state, IInstanceCheckpoint checkpoint, IServiceProvider services, WorkflowOptions options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        InstanceId = state.InstanceId;
        _recorded = state.Steps.ToDictionary(s => s.Seq);
        _checkpoint = checkpoint;
        _services = services;
        _options = options;
        _time = time;
        CancellationToken = cancellationToken;
        CurrentUtcDateTime = state.CreatedAt;
    }

    public string InstanceId { get; }

    /// <summary>The instance's clock: its start time, then the completion time of the last finished step it replayed or ran.</summary>
    public DateTimeOffset CurrentUtcDateTime { get; private set; }

    public CancellationToken CancellationToken { get; }

    internal IReadOnlyList<(int Seq, Compensation Compensation)> Compensations => _compensations;
    internal int NextSeq => _nextSeq;
    internal bool IsSuspended { get { lock (_gate) return _inFlight == 0 && _waiting > 0; } }

    /// <summary>Completes when no step is running and at least one is waiting (for a timer, an event): the run can stop here.</summary>
    internal Task Quiet { get { lock (_gate) return _quiet.Task; } }

    /// <summary>Runs an in-process activity registered under <paramref name="activity"/>.</summary>
    public async Task<TOutput> CallActivityAsync<TOutput>(string activity, object? input = null, StepOptions? options = null)
    {
        if (!_options.Activities.TryGetValue(activity, out var type)) throw new InvalidOperationException($"no activity named '{activity}' is registered");
        var output = await RunStepAsync(StepKind.Activity, activity, input, options, (ctx, json) =>
            ((IWorkflowActivity)_services.GetRequiredService(type)).RunAsync(ctx, json));
        return WorkflowJson.FromElement<TOutput>(output)!;
    }

    /// <summary>Calls <paramref name="method"/> on another app through Dapr service invocation (POST, JSON), with an <c>Idempotency-Key</c> header.</summary>
    public async Task<TOutput> CallServiceAsync<TOutput>(string appId, string method, object? input = null, StepOptions? options = null)
    {
        var output = await RunStepAsync(StepKind.Activity, $"{appId}/{method}", input, options, (ctx, json) =>
            _services.GetRequiredService<ServiceInvoker>().PostAsync(appId, method, json, ctx.IdempotencyKey, ctx.CancellationToken));
        return WorkflowJson.FromElement<TOutput>(output)!;
    }

    /// <summary>
    /// Publishes where the instance stands in the workflow's own terms (e.g. <c>"awaiting identity"</c>), shown with its
    /// status and in the list. Recorded as a step, so a resumed run does not write it again.
    /// </summary>
    public async Task SetCustomStatusAsync(object? value)
    {
        var seq = Interlocked.Increment(ref _nextSeq) - 1;
        if (_recorded.ContainsKey(seq)) return;
        lock (_gate) _inFlight++;
        try { await _checkpoint.RecordAsync(new StepRecord(seq, StepKind.Status, "custom-status", StepStatus.Completed, WorkflowJson.ToElement(value), CompletedAt: _time.GetUtcNow())); }
        finally { StepSettled(running: true); }
    }

    /// <summary>A durable timer: the instance sleeps (nothing runs, nothing is held) and wakes at the due time, even after a restart.</summary>
    public async Task CreateTimerAsync(TimeSpan delay)
    {
        var seq = Interlocked.Increment(ref _nextSeq) - 1;
        var step = _recorded.GetValueOrDefault(seq)
            ?? await ScheduleAsync(new StepRecord(seq, StepKind.Timer, "timer", StepStatus.Waiting, DueAt: _time.GetUtcNow() + delay));
        await WaitForAsync(step);
    }

    /// <summary>Waits for an external event (raised before or after this call); throws <see cref="TimeoutException"/> when none comes in time.</summary>
    public async Task<T> WaitForEventAsync<T>(string name, TimeSpan timeout)
    {
        var seq = Interlocked.Increment(ref _nextSeq) - 1;
        var step = _recorded.GetValueOrDefault(seq)
            ?? await ScheduleAsync(new StepRecord(seq, StepKind.Event, name, StepStatus.Waiting, DueAt: _time.GetUtcNow() + timeout));
        var finished = await WaitForAsync(step);
        if (finished.Status == StepStatus.Failed) throw new TimeoutException($"no event '{name}' within {timeout}");
        return WorkflowJson.FromElement<T>(finished.Output)!;
    }

    internal async Task<JsonElement?> RunStepAsync(StepKind kind, string name, object? input, StepOptions? options,
        Func<ActivityContext, JsonElement?, Task<JsonElement?>> run)
    {
        var seq = Interlocked.Increment(ref _nextSeq) - 1;
        var step = _recorded.GetValueOrDefault(seq);
        if (step is null)
        {
            lock (_gate) _inFlight++;
            try { step = await ExecuteAsync(seq, kind, name, WorkflowJson.ToElement(input), options ?? new StepOptions(), run); }
            finally { StepSettled(running: true); }
        }
        Advance(step);
        if (step.Status == StepStatus.Failed) throw new WorkflowStepFailedException($"{seq}:{name}", step.Error ?? "failed");
        if (options?.CompensateWith is { } undo) lock (_gate) _compensations.Add((seq, undo));
        return step.Output;
    }

    private async Task<StepRecord> ExecuteAsync(int seq, StepKind kind, string name, JsonElement? input, StepOptions options,
        Func<ActivityContext, JsonElement?, Task<JsonElement?>> run)
    {
        var retry = options.Retry ?? RetryPolicy.None;
        var attempts = new List<StepAttempt>();
        for (var attempt = 1; ; attempt++)
        {
            var started = _time.GetUtcNow();
            JsonElement? output = null;
            string? error = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken))
            {
                if (options.Timeout is { } limit) timeout.CancelAfter(limit);
                try
                {
                    var context = new ActivityContext(InstanceId, seq, attempt, $"{InstanceId}:{seq}", timeout.Token);
                    output = await run(context, input).WaitAsync(timeout.Token);
                }
                catch (Exception e) when (!CancellationToken.IsCancellationRequested)
                {
                    error = e is OperationCanceledException ? $"timed out after {options.Timeout}" : $"{e.GetType().Name}: {e.Message}";
                }
            }
            attempts.Add(new StepAttempt(attempt, started, _time.GetUtcNow(), error));
            if (error is null)
                return await _checkpoint.RecordAsync(new StepRecord(seq, kind, name, StepStatus.Completed, output, null, attempts, CompletedAt: _time.GetUtcNow()));
            if (attempt >= retry.MaxAttempts)
                return await _checkpoint.RecordAsync(new StepRecord(seq, kind, name, StepStatus.Failed, null, error, attempts, CompletedAt: _time.GetUtcNow()));
            await Task.Delay(retry.DelayBefore(attempt + 1), _time, CancellationToken);
        }
    }

    private async Task<StepRecord> ScheduleAsync(StepRecord waiting)
    {
        lock (_gate) _inFlight++;
        try { return await _checkpoint.ScheduleAsync(waiting); }
        finally { StepSettled(running: true); }
    }

    /// <summary>A finished step returns now; a waiting one never returns in this run (the instance is resumed when it finishes).</summary>
    private Task<StepRecord> WaitForAsync(StepRecord step)
    {
        if (step.IsFinished)
        {
            Advance(step);
            return Task.FromResult(step);
        }
        lock (_gate) _waiting++;
        StepSettled(running: false);
        return new TaskCompletionSource<StepRecord>().Task;
    }

    private void Advance(StepRecord step)
    {
        if (step.CompletedAt is { } at && at > CurrentUtcDateTime) CurrentUtcDateTime = at;
    }

    private void StepSettled(bool running)
    {
        lock (_gate)
        {
            if (running) _inFlight--;
            if (_inFlight == 0 && _waiting > 0) _quiet.TrySetResult();
        }
    }
}

/// <summary>Where a run records its steps: the instance's actor.</summary>
internal interface IInstanceCheckpoint
{
    Task<StepRecord> RecordAsync(StepRecord step);

    /// <summary>Records a waiting step (timer, event) and arms its wake-up; answers it finished when it already is.</summary>
    Task<StepRecord> ScheduleAsync(StepRecord step);
}
