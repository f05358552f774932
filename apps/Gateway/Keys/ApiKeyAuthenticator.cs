using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GoLive.Gateway.Keys;

internal sealed class KeyOptions
{
    /// <summary>The environment written into new keys (<c>glk_live_…</c>); keys of another environment are refused.</summary>
    public string Environment { get; set; } = "live";

    /// <summary>How long a key read from the store is trusted; revocations elsewhere take effect within this time.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Checks a presented key: shape, then the (briefly cached) record, then the hash in constant time. Every failure looks the
/// same to the caller and costs the same hash, whether or not the key exists.
/// </summary>
internal sealed class ApiKeyAuthenticator(ApiKeyRegistry registry, GatewaySecrets secrets, TimeProvider time, IOptions<KeyOptions> options)
{
    static readonly KeySecret[] Decoy = [new(Convert.ToBase64String(new byte[32]), DateTimeOffset.MinValue, null)];
    const int MaxCached = 100_000;
    readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    sealed record Cached(ApiKey? Key, DateTimeOffset Until);

    public async ValueTask<ApiKey?> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        var pepper = await secrets.PepperAsync(cancellationToken);
        presented ??= "";
        var wellFormed = ApiKeyToken.TryParse(presented, out var environment, out var id)
            && environment == options.Value.Environment;
        var key = wellFormed ? await FindAsync(id, cancellationToken) : null;
        var hash = ApiKeyToken.Hash(presented, pepper);
        var now = time.GetUtcNow();
        var matched = false;
        foreach (var secret in key?.Secrets ?? Decoy)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(secret.Hash)) & secret.IsValidAt(now);
        }
        return matched && key!.IsUsableAt(now) ? key : null;
    }

    /// <summary>Forgets a key so the next request reads it again (a change event, or a change made here).</summary>
    public void Evict(string id) => _cache.TryRemove(id, out _);

    async ValueTask<ApiKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Until > now) return cached.Key;
        var key = await registry.FindAsync(id, cancellationToken);
        // Misses are cached too (guessed ids); a flood of them cannot grow the cache without bound.
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[id] = new Cached(key, now + options.Value.CacheTtl);
        return key;
    }
}
