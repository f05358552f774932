namespace GoLive.Gateway;

/// <summary>The gateway's own stable problem codes, next to the standard <c>ProblemCodes</c>.</summary>
internal static class GatewayProblemCodes
{
    public const string InvalidApiKey = "invalid_api_key";
    public const string InsufficientScope = "insufficient_scope";
    public const string RateLimited = "rate_limited";
    public const string CreditsExhausted = "credits_exhausted";
    public const string TooManyFailedAttempts = "too_many_failed_attempts";
    public const string InvalidPath = "invalid_path";
    public const string ApiKeyNotFound = "api_key_not_found";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string UpstreamError = "upstream_error";
    public const string UpstreamTimeout = "upstream_timeout";
}
