using System.Collections.Concurrent;
using GoLive.Runtime.Sidecar;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GoLive.Runtime.Resiliency;

/// <summary>
/// Applies a component's outbound resiliency (<c>targets.components.&lt;name&gt;.outbound</c>) to the sidecar's calls to it:
/// each attempt bounded by the timeout and guarded by the circuit breaker, server-side failures (5xx-class errors,
/// timeouts) retried by Polly. Caller errors (bad input, ETag conflicts) are answers, never retried.
/// </summary>
public static class ComponentCalls
{
    private static readonly ConcurrentDictionary<TargetResiliency, ResiliencePipeline> Pipelines = new();

    public static Task ExecuteAsync(SidecarContext sidecar, string component, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        ExecuteAsync(sidecar, component, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);

    public static async Task<T> ExecuteAsync<T>(SidecarContext sidecar, string component, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (sidecar.Catalog.Resiliency.ForComponentOutbound(component) is not { } policy) return await call(cancellationToken);
        try
        {
            return await Pipelines.GetOrAdd(policy, Build).ExecuteAsync(async ct =>
            {
                if (policy.Breaker is { } breaker && !breaker.TryAcquire())
                    throw DaprErrors.Internal("ERR_CIRCUIT_OPEN", $"circuit breaker '{breaker.Policy.Name}' for component {component} is open");
                try
                {
                    var result = await call(ct);
                    policy.Breaker?.OnSuccess();
                    return result;
                }
                catch (Exception e) when (IsFailure(e))
                {
                    policy.Breaker?.OnFailure();
                    throw;
                }
            }, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw DaprErrors.Internal("ERR_COMPONENT_TIMEOUT", $"call to component {component} timed out after {policy.Timeout}");
        }
    }

    private static bool IsFailure(Exception e) => e is TimeoutRejectedException or OperationCanceledException
        || e is DaprApiException { Error.HttpStatus: >= 500 } and not DaprApiException { Error.Code: "ERR_CIRCUIT_OPEN" };

    /// <summary>Retries server-side failures and bounds each attempt; shared by component and actor calls.</summary>
    internal static ResiliencePipeline Build(TargetResiliency policy) => Build(policy, _ => false);

    /// <param name="alsoRetry">Failures of the caller's own kind that are retried too.</param>
    internal static ResiliencePipeline Build(TargetResiliency policy, Func<Exception, bool> alsoRetry)
    {
        var builder = new ResiliencePipelineBuilder();
        if (policy.Retry is { } retry && retry.MaxRetries != 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries < 0 ? int.MaxValue : retry.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>().Handle<DaprApiException>(e => e.Error.HttpStatus >= 500)
                    .Handle<Exception>(alsoRetry),
                DelayGenerator = args => ValueTask.FromResult(retry.DelayBefore(args.AttemptNumber + 1)),
            });
        }
        if (policy.Timeout is { } timeout) builder.AddTimeout(timeout);
        return builder.Build();
    }
}
