using System.Collections.Concurrent;

namespace GoLive.Runtime.Resiliency;

/// <summary>
/// <c>targets.actors.&lt;type&gt;</c>: the timeout, retry and circuit breaker for calls to actors of one type. The breaker
/// is kept per actor id (<c>circuitBreakerScope: id</c>, the default), per type (<c>type</c>) or both (<c>both</c>), so one
/// stuck actor need not cut off its siblings.
/// </summary>
public sealed class ActorResiliency(TargetResiliency target, string scope, int cacheSize, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _perId = new(StringComparer.Ordinal);

    public TargetResiliency Target => target;
    public string Scope => scope;

    /// <summary>The breakers a call to <paramref name="actorId"/> must pass.</summary>
    public IReadOnlyList<CircuitBreaker> BreakersFor(string actorId)
    {
        if (target.Breaker is not { } typeBreaker) return [];
        if (scope == "type") return [typeBreaker];
        if (_perId.Count >= cacheSize && !_perId.ContainsKey(actorId)) _perId.Clear(); // bounded, like daprd's cache
        var idBreaker = _perId.GetOrAdd(actorId, _ => new CircuitBreaker(typeBreaker.Policy, time));
        return scope == "both" ? [typeBreaker, idBreaker] : [idBreaker];
    }
}
