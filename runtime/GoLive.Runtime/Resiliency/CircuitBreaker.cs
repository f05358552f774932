using System.Text.RegularExpressions;

namespace GoLive.Runtime.Resiliency;

/// <summary>
/// A Dapr circuit breaker policy: <c>trip: consecutiveFailures &gt; N</c> (or &gt;= N) opens it for <c>timeout</c>; then up
/// to <c>maxRequests</c> probes are let through (half-open); a success closes it, a failure opens it again. In the closed
/// state the count restarts every <c>interval</c> (0: never).
/// </summary>
public sealed partial record CircuitBreakerPolicy(string Name, int MaxRequests, TimeSpan Interval, TimeSpan Timeout, int TripAfter)
{
    [GeneratedRegex(@"^\s*consecutiveFailures\s*(>=|>)\s*(\d+)\s*$")]
    private static partial Regex Trip();

    /// <summary>The number of consecutive failures that opens the breaker, or null when the expression is not understood.</summary>
    public static int? ParseTrip(string expression)
    {
        var match = Trip().Match(expression);
        if (!match.Success) return null;
        var n = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[1].Value == ">" ? n + 1 : n;
    }
}

/// <summary>One breaker's state, shared by every call to its target.</summary>
public sealed class CircuitBreaker(CircuitBreakerPolicy policy, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private int _probes;
    private DateTimeOffset _windowStart = time.GetUtcNow();
    private DateTimeOffset? _openedAt;

    public CircuitBreakerPolicy Policy => policy;

    public bool IsOpen
    {
        get { lock (_lock) return _openedAt is { } at && time.GetUtcNow() - at < policy.Timeout; }
    }

    /// <summary>False when the call must fail fast because the breaker is open (or half-open with its probes taken).</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_openedAt is not { } openedAt) return true;
            if (time.GetUtcNow() - openedAt < policy.Timeout) return false;
            if (_probes >= Math.Max(1, policy.MaxRequests)) return false;
            _probes++;
            return true;
        }
    }

    public void OnSuccess()
    {
        lock (_lock)
        {
            _openedAt = null;
            _probes = 0;
            _failures = 0;
        }
    }

    public void OnFailure()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_openedAt is not null)
            {
                // A failed probe: open again for another timeout.
                _openedAt = now;
                _probes = 0;
                return;
            }
            if (policy.Interval > TimeSpan.Zero && now - _windowStart >= policy.Interval)
            {
                _windowStart = now;
                _failures = 0;
            }
            if (++_failures >= policy.TripAfter) _openedAt = now;
        }
    }
}

/// <summary>What applies to calls to one target (an app, or a component outbound): a per-attempt timeout, a retry policy and a circuit breaker, each optional.</summary>
public sealed record TargetResiliency(TimeSpan? Timeout, RetryPolicy? Retry, CircuitBreaker? Breaker);
