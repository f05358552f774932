using System.Collections.Concurrent;
using GoLive.DaprAccess.State;
using GoLive.Gateway.Keys;

namespace GoLive.Gateway.RateLimits;

/// <summary>The outcome of one rate-limit check: what the <c>RateLimit</c> and <c>Retry-After</c> headers say.</summary>
internal readonly record struct RateDecision(bool Allowed, long Remaining, int ResetSeconds, int RetryAfterSeconds);

/// <summary>
/// Token buckets shared by every gateway instance through the state store, decided in-process. An instance leases a small
/// allowance of tokens from the shared bucket (one ETag-checked write) and spends it locally; the allowance is forgotten
/// after <see cref="LeaseTime"/>, so instances together never exceed the limit, and idle leases only under-spend it.
/// A busy allowance is renewed in the background before it runs out or expires, so requests do not queue behind the
/// store; it never holds more than one lease. A denial is remembered until enough tokens are due, so an over-limit
/// caller does not reach the store either.
/// </summary>
internal sealed class SharedRateLimiter(IStateStore store, TimeProvider time)
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(1);
    private const double LeaseShareOfRate = 0.1;
    private const int MaxAttempts = 16;
    private readonly ConcurrentDictionary<string, Allowance> _allowances = new(StringComparer.Ordinal);

    private sealed class Allowance
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Leasing = new(1, 1);
        public double Tokens;
        public double Leased;
        public long LeasedAtMs;
        public long LeaseUntilMs;
        public double SharedTokens;
        public long DeniedUntilMs;
        public int Renewing;
    }

    /// <summary>Takes <paramref name="cost"/> tokens from bucket <paramref name="bucket"/>, leasing from the store when the local allowance is spent.</summary>
    public ValueTask<RateDecision> AcquireAsync(string bucket, RateLimit policy, int cost, CancellationToken cancellationToken)
    {
        var allowance = _allowances.GetOrAdd(bucket, static _ => new Allowance());
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (TryLocal(allowance, policy, cost, nowMs, out var renew) is not { } decision)
            return LeaseAsync(bucket, allowance, policy, cost, cancellationToken);
        if (renew && Interlocked.Exchange(ref allowance.Renewing, 1) == 0) _ = RenewAsync(bucket, allowance, policy);
        return ValueTask.FromResult(decision);
    }

    /// <summary>
    /// The in-process decision: spend the live lease, or repeat a standing denial; null when the store must be asked.
    /// <paramref name="renew"/> says the lease is past half its time or half its tokens while it is being spent.
    /// </summary>
    private static RateDecision? TryLocal(Allowance allowance, RateLimit policy, int cost, long nowMs, out bool renew)
    {
        renew = false;
        lock (allowance.Gate)
        {
            if (nowMs < allowance.DeniedUntilMs)
                return Denied(allowance.Tokens + allowance.SharedTokens, policy, cost, allowance.DeniedUntilMs - nowMs);
            if (nowMs >= allowance.LeaseUntilMs || allowance.Tokens < cost) return null;
            allowance.Tokens -= cost;
            renew = allowance.Tokens * 2 < allowance.Leased || (nowMs - allowance.LeasedAtMs) * 2 >= (allowance.LeaseUntilMs - allowance.LeasedAtMs);
            var remaining = allowance.Tokens + allowance.SharedTokens;
            return new RateDecision(true, (long)remaining, TokenBucket.SecondsUntilFull(remaining, policy), 0);
        }
    }

    private async ValueTask<RateDecision> LeaseAsync(string bucket, Allowance allowance, RateLimit policy, int cost, CancellationToken cancellationToken)
    {
        if (cost > policy.Limit) return Denied(0, policy, cost, long.MaxValue);
        await allowance.Leasing.WaitAsync(cancellationToken);
        try
        {
            // Another request of this instance may have leased while this one waited.
            if (TryLocal(allowance, policy, cost, time.GetUtcNow().ToUnixTimeMilliseconds(), out _) is { } decision) return decision;
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (state, etag) = await store.GetAsync<BucketState>(StoreKey(bucket), cancellationToken);
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
                if (!await TrySaveAsync(bucket, policy, tokens - grant, nowMs, etag, cancellationToken)) continue;
                lock (allowance.Gate)
                {
                    // Whatever was left of an expired lease is forgotten: it only under-spends the shared bucket.
                    Grant(allowance, grant, tokens - grant, nowMs);
                    allowance.Tokens -= cost;
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

    /// <summary>
    /// Tops a busy, live allowance back up to one lease and restarts its time, off the request path. When the shared bucket
    /// cannot give that much, or the store fails, the allowance is left to run out and the next request leases as usual.
    /// </summary>
    private async Task RenewAsync(string bucket, Allowance allowance, RateLimit policy)
    {
        try
        {
            if (!await allowance.Leasing.WaitAsync(0)) return;
            try
            {
                for (var attempt = 0; attempt < MaxAttempts; attempt++)
                {
                    double held;
                    lock (allowance.Gate) held = allowance.Tokens;
                    var wanted = LeaseSize(policy) - Math.Floor(held);
                    if (wanted < 1) return;
                    var (state, etag) = await store.GetAsync<BucketState>(StoreKey(bucket), CancellationToken.None);
                    var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var tokens = TokenBucket.TokensAt(state, policy, nowMs);
                    if (tokens < wanted) return;
                    if (!await TrySaveAsync(bucket, policy, tokens - wanted, nowMs, etag, CancellationToken.None)) continue;
                    lock (allowance.Gate)
                    {
                        // Requests kept spending while the store answered: keep what is left of the old lease.
                        if (nowMs < allowance.LeaseUntilMs) Grant(allowance, allowance.Tokens + wanted, tokens - wanted, nowMs);
                        else Grant(allowance, wanted, tokens - wanted, nowMs);
                    }
                    return;
                }
            }
            finally
            {
                allowance.Leasing.Release();
            }
        }
        catch (Exception)
        {
            // The store is unavailable: the allowance runs out and the request path leases (and reports) as before.
        }
        finally
        {
            Interlocked.Exchange(ref allowance.Renewing, 0);
        }
    }

    private static void Grant(Allowance allowance, double tokens, double shared, long nowMs)
    {
        allowance.Tokens = tokens;
        allowance.Leased = tokens;
        allowance.SharedTokens = shared;
        allowance.LeasedAtMs = nowMs;
        allowance.LeaseUntilMs = nowMs + (long)LeaseTime.TotalMilliseconds;
        allowance.DeniedUntilMs = 0;
    }

    private static string StoreKey(string bucket) => "ratelimit:" + bucket;

    private Task<bool> TrySaveAsync(string bucket, RateLimit policy, double tokensLeft, long nowMs, string? etag, CancellationToken cancellationToken) =>
        store.TrySaveAsync(StoreKey(bucket), new BucketState(tokensLeft, nowMs), etag, TimeSpan.FromSeconds(policy.WindowSeconds + 60), cancellationToken);

    /// <summary>A tenth of a second's refill, at least one token and at most a tenth of the bucket.</summary>
    internal static double LeaseSize(RateLimit policy) =>
        Math.Max(1, Math.Min(Math.Floor(policy.RefillPerSecond * LeaseShareOfRate), Math.Floor(policy.Limit / 10.0)));

    private static RateDecision Denied(double tokens, RateLimit policy, int cost, long waitMs)
    {
        var retryAfter = waitMs == long.MaxValue ? policy.WindowSeconds : Math.Max(1, (int)Math.Ceiling(waitMs / 1000.0));
        return new RateDecision(false, (long)Math.Max(0, tokens), Math.Max(retryAfter, TokenBucket.SecondsUntilFull(tokens, policy)), retryAfter);
    }
}
