namespace GoLive.Gateway.Keys;

/// <summary>
/// A partner's API key as stored: never the key itself, only HMAC-SHA-256 hashes of its secrets. A rotation adds a secret
/// and gives the previous one a <see cref="KeySecret.ValidUntil"/>, so both work during the overlap.
/// </summary>
internal sealed record ApiKey(
    string Id,
    string Environment,
    string Name,
    string OrganizationId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<KeySecret> Secrets,
    RateLimit? RateLimit,
    RateLimit? Credits)
{
    /// <summary>What logs and listings show: <c>glk_&lt;env&gt;_&lt;id&gt;</c>, the first part of the key.</summary>
    public string Prefix => ApiKeyToken.PrefixOf(Environment, Id);

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>One secret of a key: its hash (base64) and, once rotated out, the end of its overlap.</summary>
internal sealed record KeySecret(string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ValidUntil)
{
    public bool IsValidAt(DateTimeOffset now) => ValidUntil is null || ValidUntil > now;
}

/// <summary>A token bucket: <paramref name="Limit"/> units, refilled completely every <paramref name="WindowSeconds"/>.</summary>
internal sealed record RateLimit(long Limit, int WindowSeconds)
{
    public double RefillPerSecond => (double)Limit / WindowSeconds;
}

/// <summary>What the admin API shows of a key: no hash, no secret.</summary>
internal sealed record ApiKeyView(
    string Id,
    string Prefix,
    string Name,
    string OrganizationId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<SecretView> Secrets,
    RateLimit? RateLimit,
    RateLimit? Credits)
{
    public static ApiKeyView Of(ApiKey key) => new(key.Id, key.Prefix, key.Name, key.OrganizationId, key.Scopes, key.CreatedAt,
        key.ExpiresAt, key.RevokedAt, [.. key.Secrets.Select(s => new SecretView(s.CreatedAt, s.ValidUntil))], key.RateLimit, key.Credits);
}

internal sealed record SecretView(DateTimeOffset CreatedAt, DateTimeOffset? ValidUntil);

/// <summary>The answer to a create or rotate: the only time the full key is ever shown.</summary>
internal sealed record IssuedApiKey(string Key, ApiKeyView ApiKey);

internal sealed record CreateApiKey(
    string? Name,
    string? OrganizationId,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset? ExpiresAt,
    RateLimit? RateLimit,
    RateLimit? Credits);

internal sealed record RotateApiKey(int? OverlapSeconds);

/// <summary>The payload of <c>golive.gateway.apikey.*</c> events: enough to drop a cached key, nothing secret.</summary>
internal sealed record ApiKeyChanged(string KeyId, string Prefix, string OrganizationId, string Change, DateTimeOffset At);
