using BenchmarkDotNet.Attributes;
using GoLive.Gateway.Keys;
using GoLive.Gateway.RateLimits;
using GoLive.Testing;

namespace GoLive.Gateway.Bench;

/// <summary>
/// The in-process cost of one rate-limit decision on a live lease (the common case) and on a standing denial. The store is
/// the in-memory one: a decision on a live lease never reaches it, so the benchmark measures the decision, not a store.
/// </summary>
[MemoryDiagnoser]
public class RateLimitDecisionBench
{
    private static readonly RateLimit Generous = new(1_000_000_000, 1);
    private static readonly RateLimit Spent = new(1, 3600);
    private SharedRateLimiter _limiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _limiter = new SharedRateLimiter(new InMemoryStateStore(), TimeProvider.System);
        _limiter.AcquireAsync("key:allowed", Generous, 1, default).AsTask().GetAwaiter().GetResult();
        _limiter.AcquireAsync("key:denied", Spent, 1, default).AsTask().GetAwaiter().GetResult();
        _limiter.AcquireAsync("key:denied", Spent, 1, default).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public bool Allowed_from_the_local_lease() => _limiter.AcquireAsync("key:allowed", Generous, 1, default).Result.Allowed;

    [Benchmark]
    public bool Denied_while_the_bucket_refills() => _limiter.AcquireAsync("key:denied", Spent, 1, default).Result.Allowed;
}
