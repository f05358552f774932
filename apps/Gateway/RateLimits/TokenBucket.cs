namespace GoLive.Gateway.RateLimits;

/// <summary>A bucket's shared state in the store: tokens left at <see cref="UpdatedAtMs"/> (Unix milliseconds).</summary>
internal sealed record BucketState(double Tokens, long UpdatedAtMs);

/// <summary>Token-bucket arithmetic, nothing else: refill since the last update, capped at the capacity.</summary>
internal static class TokenBucket
{
    public static double TokensAt(BucketState? state, Keys.RateLimit policy, long nowMs)
    {
        if (state is null) return policy.Limit;
        var elapsed = Math.Max(0, nowMs - state.UpdatedAtMs) / 1000.0;
        return Math.Min(policy.Limit, state.Tokens + elapsed * policy.RefillPerSecond);
    }

    /// <summary>Seconds until <paramref name="needed"/> tokens are there again (at least 1, as Retry-After is whole seconds).</summary>
    public static int SecondsUntil(double tokens, double needed, Keys.RateLimit policy) =>
        Math.Max(1, (int)Math.Ceiling((needed - tokens) / policy.RefillPerSecond));

    /// <summary>Seconds until the bucket is full again (the <c>t</c> of the <c>RateLimit</c> header).</summary>
    public static int SecondsUntilFull(double tokens, Keys.RateLimit policy) =>
        (int)Math.Ceiling(Math.Max(0, policy.Limit - tokens) / policy.RefillPerSecond);
}
