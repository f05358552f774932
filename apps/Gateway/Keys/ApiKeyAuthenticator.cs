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
/// <remarks>
/// The cache never makes a busy key wait on the store: concurrent misses share one read, and a record past half its
/// <see cref="KeyOptions.CacheTtl"/> is re-read in the background while it is still served. A record is never served
/// longer than the TTL after the read that produced it began, so revocations still take effect everywhere within it.
/// </remarks>
internal sealed class ApiKeyAuthenticator(ApiKeyRegistry registry, GatewaySecrets secrets, TimeProvider time, IOptions<KeyOptions> options)
{
    private static readonly byte[][] DecoyHashes = [new byte[32]];
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Cached>>> _reads = new(StringComparer.Ordinal);
    private long _evictions;

    /// <summary>A record as read (null: no such key), its secrets' hashes decoded once, and when to re-read and drop it.</summary>
    private sealed class Cached(ApiKey? key, DateTimeOffset readAt, TimeSpan ttl)
    {
        public ApiKey? Key { get; } = key;
        public byte[][] Hashes { get; } = key is null ? DecoyHashes : [.. key.Secrets.Select(s => Convert.FromBase64String(s.Hash))];
        public DateTimeOffset RefreshAt { get; } = readAt + ttl / 2;
        public DateTimeOffset Until { get; } = readAt + ttl;
        public int Refreshing;
    }

    public async ValueTask<ApiKey?> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        var pepper = await secrets.PepperAsync(cancellationToken);
        presented ??= "";
        var wellFormed = ApiKeyToken.TryParse(presented, out var environment, out var id)
            && environment == options.Value.Environment;
        var cached = wellFormed ? await FindAsync(id, cancellationToken) : null;
        var hash = ApiKeyToken.Hash(presented, pepper);
        var now = time.GetUtcNow();
        var key = cached?.Key;
        var hashes = cached?.Hashes ?? DecoyHashes;
        var matched = false;
        for (var i = 0; i < hashes.Length; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(hash, hashes[i]);
            matched |= equal && key is not null && key.Secrets[i].IsValidAt(now);
        }
        return matched && key!.IsUsableAt(now) ? key : null;
    }

    /// <summary>Forgets a key so the next request reads it again (a change event, or a change made here).</summary>
    public void Evict(string id)
    {
        Interlocked.Increment(ref _evictions);
        _cache.TryRemove(id, out _);
        _reads.TryRemove(id, out _);
    }

    private async ValueTask<Cached> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Until > now)
        {
            if (now >= cached.RefreshAt && Interlocked.Exchange(ref cached.Refreshing, 1) == 0) _ = RefreshAsync(id, cached);
            return cached;
        }
        return await ReadShared(id).WaitAsync(cancellationToken);
    }

    private async Task RefreshAsync(string id, Cached stale)
    {
        try
        {
            await ReadShared(id);
        }
        catch (Exception)
        {
            // The record keeps serving until it expires; the next request past RefreshAt tries again.
            Interlocked.Exchange(ref stale.Refreshing, 0);
        }
    }

    /// <summary>One store read per key at a time, whoever asks; the callers share its result.</summary>
    private async Task<Cached> ReadShared(string id)
    {
        var read = _reads.GetOrAdd(id, static (id, self) => new Lazy<Task<Cached>>(() => self.ReadAsync(id)), this);
        try
        {
            return await read.Value;
        }
        finally
        {
            // Only this read: an eviction may already have made room for a newer one.
            _reads.TryRemove(new KeyValuePair<string, Lazy<Task<Cached>>>(id, read));
        }
    }

    private async Task<Cached> ReadAsync(string id)
    {
        var evictions = Interlocked.Read(ref _evictions);
        var readAt = time.GetUtcNow();
        // Not the caller's token: other requests wait on this read too.
        var cached = new Cached(await registry.FindAsync(id, CancellationToken.None), readAt, options.Value.CacheTtl);
        // A read that began before an eviction may predate the change; it answers its callers but is not kept.
        if (Interlocked.Read(ref _evictions) == evictions)
        {
            // Misses are cached too (guessed ids); a flood of them cannot grow the cache without bound.
            if (_cache.Count >= MaxCached) _cache.Clear();
            _cache[id] = cached;
        }
        return cached;
    }
}
