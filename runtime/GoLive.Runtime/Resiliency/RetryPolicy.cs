namespace GoLive.Runtime.Resiliency;

/// <summary>
/// A Dapr retry policy. <c>constant</c> waits <see cref="Duration"/> between attempts; <c>exponential</c> starts at
/// <see cref="Duration"/> (Dapr's default 500 ms), grows ×1.5 with ±50 % jitter and is capped by <see cref="MaxInterval"/>.
/// </summary>
public sealed record RetryPolicy(string Name, bool Exponential, TimeSpan Duration, TimeSpan MaxInterval, int MaxRetries,
    IReadOnlySet<int>? RetryOnHttpStatus = null)
{
    /// <summary>Whether an app's HTTP answer is a failure to retry: the policy's <c>matching.httpStatusCodes</c>, else 5xx.</summary>
    public bool IsRetriable(int status) => RetryOnHttpStatus?.Contains(status) ?? status >= 500;

    /// <summary>No retries: one attempt, as daprd does without a policy.</summary>
    public static RetryPolicy None { get; } = new("none", false, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based), or null when the policy gives up.</summary>
    public TimeSpan? DelayBefore(int retry)
    {
        if (MaxRetries >= 0 && retry > MaxRetries) return null;
        if (!Exponential) return Duration;
        var interval = Duration.TotalMilliseconds * Math.Pow(1.5, retry - 1);
        var jittered = interval * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxInterval.TotalMilliseconds));
    }
}
