using BenchmarkDotNet.Attributes;
using GoLive.Gateway.Keys;
using GoLive.Gateway.RateLimits;
using GoLive.Gateway.Storage;

namespace GoLive.Gateway.Bench;

/// <summary>The in-process cost of one rate-limit decision on a live lease (the common case) and on a standing denial.</summary>
[MemoryDiagnoser]
public class RateLimitDecisionBench
{
    static readonly RateLimit Generous = new(1_000_000_000, 1);
    static readonly RateLimit Spent = new(1, 3600);
    SharedRateLimiter _limiter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _limiter = new SharedRateLimiter(new MemoryStore(), TimeProvider.System);
        _limiter.AcquireAsync("key:allowed", Generous, 1, default).AsTask().GetAwaiter().GetResult();
        _limiter.AcquireAsync("key:denied", Spent, 1, default).AsTask().GetAwaiter().GetResult();
        _limiter.AcquireAsync("key:denied", Spent, 1, default).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public bool Allowed_from_the_local_lease() => _limiter.AcquireAsync("key:allowed", Generous, 1, default).Result.Allowed;

    [Benchmark]
    public bool Denied_while_the_bucket_refills() => _limiter.AcquireAsync("key:denied", Spent, 1, default).Result.Allowed;

    /// <summary>A store that never races: the benchmark measures the decision, not the sidecar.</summary>
    sealed class MemoryStore : IGatewayStore
    {
        readonly Dictionary<string, object?> _values = [];

        public Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken) =>
            Task.FromResult(new Versioned<T>(_values.TryGetValue(key, out var v) ? (T?)v : default, _values.ContainsKey(key) ? "1" : ""));

        public Task<bool> TrySaveAsync<T>(string key, T value, string etag, TimeSpan? ttl, CancellationToken cancellationToken)
        {
            _values[key] = value;
            return Task.FromResult(true);
        }

        public Task<bool> TryTransactAsync(IReadOnlyList<Dapr.Client.StateTransactionRequest> upserts, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
