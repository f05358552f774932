namespace GoLive.Workflows;

/// <summary>How a step is retried: attempts in all, and the delay before each retry (doubling up to a cap).</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay, double BackoffCoefficient = 2, TimeSpan? MaxDelay = null)
{
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero);

    public TimeSpan DelayBefore(int attempt)
    {
        var delay = FirstDelay * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 2));
        return MaxDelay is { } cap && delay > cap ? cap : delay;
    }
}

/// <summary>Per-step settings: retries, a timeout per attempt, and the activity that undoes the step if the workflow fails later.</summary>
public sealed record StepOptions(RetryPolicy? Retry = null, TimeSpan? Timeout = null, Compensation? CompensateWith = null);

/// <summary>An activity (with its input) that undoes a completed step; run in reverse order when the workflow fails.</summary>
public sealed record Compensation(string Activity, object? Input);

/// <summary>Thrown into workflow code when a step failed after all its attempts (also on resume, from the record).</summary>
public sealed class WorkflowStepFailedException(string step, string error) : Exception($"step {step} failed: {error}")
{
    public string Step { get; } = step;
    public string Error { get; } = error;
}

/// <summary>A step could not be checkpointed (sidecar or actor store unavailable): the run stops and is resumed, never failed.</summary>
internal sealed class CheckpointFailedException(int seq, Exception inner) : Exception($"step {seq} could not be checkpointed", inner);
