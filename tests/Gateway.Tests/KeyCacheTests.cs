using GoLive.Gateway.Keys;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Gateway.Tests;

/// <summary>The key cache under load: a busy key never waits on the store, and a change still lands within the TTL.</summary>
public sealed class KeyCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly HeldGatewayStore _store = new("apikey:");
    private readonly ApiKeyRegistry _registry;
    private readonly ApiKeyRegistry _elsewhere;
    private readonly ApiKeyAuthenticator _keys;

    public KeyCacheTests()
    {
        var secrets = new GatewaySecrets("pepper"u8.ToArray());
        _registry = new ApiKeyRegistry(_store, secrets, _clock);
        // Another instance's view of the same data, whose reads are never held.
        _elsewhere = new ApiKeyRegistry(_store.Inner, secrets, _clock);
        _keys = new ApiKeyAuthenticator(_registry, secrets, _clock, Options.Create(new KeyOptions { CacheTtl = TimeSpan.FromSeconds(1) }));
    }

    [Fact]
    public async Task Concurrent_first_requests_for_a_key_share_one_store_read()
    {
        var issued = await CreateKeyAsync();
        var reads = _store.HoldReads();

        var checks = Enumerable.Range(0, 200).Select(_ => _keys.AuthenticateAsync(issued.Key, default).AsTask()).ToList();
        _store.ReleaseReads();
        var keys = await Task.WhenAll(checks);

        Assert.All(keys, Assert.NotNull);
        Assert.Equal(1, reads());
    }

    [Fact]
    public async Task A_key_past_half_its_cache_time_is_served_while_it_is_read_again()
    {
        var issued = await CreateKeyAsync();
        Assert.NotNull(await _keys.AuthenticateAsync(issued.Key, default));
        var reads = _store.HoldReads();

        _clock.Advance(TimeSpan.FromSeconds(0.6));
        var during = _keys.AuthenticateAsync(issued.Key, default);

        Assert.True(during.IsCompletedSuccessfully, "a cached key must not wait on the store");
        Assert.NotNull(await during);
        Assert.Equal(1, reads());
        _store.ReleaseReads();
    }

    [Fact]
    public async Task A_revocation_elsewhere_is_seen_once_the_cache_time_has_passed_even_while_the_key_is_busy()
    {
        var issued = await CreateKeyAsync();
        Assert.NotNull(await _keys.AuthenticateAsync(issued.Key, default));

        // Another instance revokes it; this one never evicts, it only keeps serving requests.
        await _elsewhere.RevokeAsync(issued.ApiKey.Id, default);
        for (var i = 0; i < 12; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(0.1));
            await _keys.AuthenticateAsync(issued.Key, default);
        }

        Assert.Null(await _keys.AuthenticateAsync(issued.Key, default));
    }

    [Fact]
    public async Task A_read_that_began_before_an_eviction_is_not_kept()
    {
        var issued = await CreateKeyAsync();
        _store.HoldReads();
        var stale = _keys.AuthenticateAsync(issued.Key, default).AsTask();

        await _elsewhere.RevokeAsync(issued.ApiKey.Id, default);
        _keys.Evict(issued.ApiKey.Id);
        _store.ReleaseReads();
        await stale;

        Assert.Null(await _keys.AuthenticateAsync(issued.Key, default));
    }

    private Task<IssuedApiKey> CreateKeyAsync() =>
        _registry.CreateAsync("live", new CreateApiKey("cache", "acme", ["status:read"], null, null, null), default);
}
