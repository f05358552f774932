using System.Collections.Concurrent;
using GoLive.Gateway.Keys;
using GoLive.Gateway.Storage;

namespace GoLive.Gateway.RateLimits;

/// <summary>The outcome of one rate-limit check: what the <c>RateLimit</c> and <c>Retry-After</c> headers say.</summary>
internal readonly record struct RateDecision(bool Allowed, long Remaining, int ResetSeconds, int RetryAfterSeconds);

/// <summary>
/// Token buckets shared by every gateway instance through the state store, decided in-process. An instance leases a small
/// allowance of tokens from the shared bucket (one ETag-checked write) and spends it locally; the allowance is forgotten
/// after <see cref="LeaseTime"/>, so instances together never exceed the limit, and idle leases only under-spend it.
/// A denial is remembered until enough tokens are due, so an over-limit caller does not reach the store either.
/// </summary>
internal sealed class SharedRateLimiter(IGatewayStore store, TimeProvider time)
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(1);
    const double LeaseShareOfRate = 0.1;
    const int MaxAttempts = 16;
    readonly ConcurrentDictionary<string, Allowance> _allowances = new(StringComparer.Ordinal);

    sealed class Allowance
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Leasing = new(1, 1);
        public double Tokens;
        public long LeaseUntilMs;
        public double SharedTokens;
        public long DeniedUntilMs;
    }

    /// <summary>Takes <paramref name="cost"/> tokens from bucket <paramref name="bucket"/>, leasing from the store when the local allowance is spent.</summary>
    public ValueTask<RateDecision> AcquireAsync(string bucket, RateLimit policy, int cost, CancellationToken cancellationToken)
    {
        var allowance = _allowances.GetOrAdd(bucket, static _ => new Allowance());
        return TryLocal(allowance, policy, cost, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } decision
            ? ValueTask.FromResult(decision)
            : LeaseAsync(bucket, allowance, policy, cost, cancellationToken);
    }

    /// <summary>The in-process decision: spend the live lease, or repeat a standing denial; null when the store must be asked.</summary>
    static RateDecision? TryLocal(Allowance allowance, RateLimit policy, int cost, long nowMs)
    {
        lock (allowance.Gate)
        {
            if (nowMs < allowance.DeniedUntilMs)
                return Denied(allowance.Tokens + allowance.SharedTokens, policy, cost, allowance.DeniedUntilMs - nowMs);
            if (nowMs >= allowance.LeaseUntilMs || allowance.Tokens < cost) return null;
            allowance.Tokens -= cost;
            var remaining = allowance.Tokens + allowance.SharedTokens;
            return new RateDecision(true, (long)remaining, TokenBucket.SecondsUntilFull(remaining, policy), 0);
        }
    }

    async ValueTask<RateDecision> LeaseAsync(string bucket, Allowance allowance, RateLimit policy, int cost, CancellationToken cancellationToken)
    {
        if (cost > policy.Limit) return Denied(0, policy, cost, long.MaxValue);
        await allowance.Leasing.WaitAsync(cancellationToken);
        try
        {
            // Another request of this instance may have leased while this one waited.
            if (TryLocal(allowance, policy, cost, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } decision) return decision;
            var key = "ratelimit:" + bucket;
            var ttl = TimeSpan.FromSeconds(policy.WindowSeconds + 60);
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (state, etag) = await store.GetAsync<BucketState>(key, cancellationToken);
                var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                var tokens = TokenBucket.TokensAt(state, policy, nowMs);
                if (tokens < cost)
                {
                    var waitMs = (long)Math.Ceiling((cost - tokens) / policy.RefillPerSecond * 1000);
                    lock (allowance.Gate)
                    {
                        allowance.Tokens = 0;
                        allowance.SharedTokens = tokens;
                        allowance.DeniedUntilMs = nowMs + waitMs;
                    }
                    return Denied(tokens, policy, cost, waitMs);
                }
                var grant = Math.Min(Math.Floor(tokens), Math.Max(cost, LeaseSize(policy)));
                if (!await store.TrySaveAsync(key, new BucketState(tokens - grant, nowMs), etag, ttl, cancellationToken)) continue;
                lock (allowance.Gate)
                {
                    allowance.Tokens = grant - cost;
                    allowance.SharedTokens = tokens - grant;
                    allowance.LeaseUntilMs = nowMs + (long)LeaseTime.TotalMilliseconds;
                    allowance.DeniedUntilMs = 0;
                    var remaining = allowance.Tokens + allowance.SharedTokens;
                    return new RateDecision(true, (long)remaining, TokenBucket.SecondsUntilFull(remaining, policy), 0);
                }
            }
            // Constant contention: refuse briefly rather than let the limit slip.
            return Denied(0, policy, cost, 1000);
        }
        finally
        {
            allowance.Leasing.Release();
        }
    }

    /// <summary>A tenth of a second's refill, at least one token and at most a tenth of the bucket.</summary>
    internal static double LeaseSize(RateLimit policy) =>
        Math.Max(1, Math.Min(Math.Floor(policy.RefillPerSecond * LeaseShareOfRate), Math.Floor(policy.Limit / 10.0)));

    static RateDecision Denied(double tokens, RateLimit policy, int cost, long waitMs)
    {
        var retryAfter = waitMs == long.MaxValue ? policy.WindowSeconds : Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0));
        return new RateDecision(false, (long)Math.Max(0, tokens), Math.Max(retryAfter, TokenBucket.SecondsUntilFull(tokens, policy)), retryAfter);
    }
}
