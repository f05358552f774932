using GoLive.Gateway.Keys;
using GoLive.Gateway.RateLimits;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Gateway.Tests;

public sealed class RateLimitTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly InMemoryStateStore _store = new();

    [Fact]
    public async Task A_bucket_allows_its_limit_then_refuses_with_retry_after()
    {
        var limiter = new SharedRateLimiter(_store, _clock);
        var policy = new RateLimit(5, 10);
        for (var i = 0; i < 5; i++) Assert.True((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);

        var refused = await limiter.AcquireAsync("k", policy, 1, default);

        Assert.False(refused.Allowed);
        Assert.Equal(2, refused.RetryAfterSeconds);
    }

    [Fact]
    public async Task Tokens_refill_with_time()
    {
        var limiter = new SharedRateLimiter(_store, _clock);
        var policy = new RateLimit(2, 2);
        await limiter.AcquireAsync("k", policy, 2, default);
        Assert.False((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);
        Assert.False((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);
    }

    [Fact]
    public async Task Two_gateway_instances_sharing_a_store_never_exceed_the_limit_together()
    {
        var first = new SharedRateLimiter(_store, _clock);
        var second = new SharedRateLimiter(_store, _clock);
        var policy = new RateLimit(100, 60);

        var allowed = 0;
        for (var i = 0; i < 300; i++)
        {
            var limiter = i % 3 == 0 ? first : second;
            if ((await limiter.AcquireAsync("org:acme", policy, 1, default)).Allowed) allowed++;
        }

        Assert.Equal(100, allowed);
    }

    [Fact]
    public async Task Concurrent_requests_on_two_instances_never_exceed_the_limit()
    {
        var instances = new[] { new SharedRateLimiter(_store, _clock), new SharedRateLimiter(_store, _clock) };
        var policy = new RateLimit(50, 60);

        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(async () => (await instances[i % 2].AcquireAsync("key:x", policy, 1, default)).Allowed)));

        Assert.Equal(50, results.Count(allowed => allowed));
    }

    [Fact]
    public async Task A_lease_serves_many_decisions_with_one_store_write()
    {
        var limiter = new SharedRateLimiter(_store, _clock);
        var policy = new RateLimit(100_000, 1);

        for (var i = 0; i < 1000; i++) Assert.True((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);

        Assert.True(_store.Writes <= 1, $"{_store.Writes} writes");
    }

    [Fact]
    public async Task A_busy_lease_is_renewed_in_the_background_so_requests_never_wait_on_the_store()
    {
        var store = new HeldGatewayStore("ratelimit:");
        var limiter = new SharedRateLimiter(store, _clock);
        var policy = new RateLimit(100_000, 1);
        Assert.True((await limiter.AcquireAsync("k", policy, 1, default)).Allowed);
        var reads = store.HoldReads();

        _clock.Advance(TimeSpan.FromSeconds(0.6));
        var renewing = limiter.AcquireAsync("k", policy, 1, default);
        Assert.True(renewing.IsCompletedSuccessfully && (await renewing).Allowed, "served from the lease while it renews");
        Assert.Equal(1, reads());
        store.ReleaseReads();
        await Eventually.TrueAsync(() => Task.FromResult(store.Inner.Writes == 2), TimeSpan.FromSeconds(5), "the renewal is written");

        // Past the first lease's end, the renewed one serves without the store.
        _clock.Advance(TimeSpan.FromSeconds(0.6));
        store.HoldReads();
        var later = limiter.AcquireAsync("k", policy, 1, default);
        Assert.True(later.IsCompletedSuccessfully && (await later).Allowed);
        store.ReleaseReads();
    }

    [Fact]
    public async Task Renewals_never_let_two_instances_exceed_the_limit_together()
    {
        var instances = new[] { new SharedRateLimiter(_store, _clock), new SharedRateLimiter(_store, _clock) };
        var policy = new RateLimit(600, 60);

        var allowed = 0;
        for (var i = 0; i < 3000; i++)
        {
            if (i % 100 == 0) _clock.Advance(TimeSpan.FromMilliseconds(300));
            if ((await instances[i % 2].AcquireAsync("key:x", policy, 1, default)).Allowed) allowed++;
        }

        // 600 at the start, then 10 a second for the 9 seconds the loop covers.
        Assert.InRange(allowed, 600, 600 + 90);
    }

    [Fact]
    public async Task A_request_costing_more_than_the_whole_bucket_is_refused()
    {
        var limiter = new SharedRateLimiter(_store, _clock);

        var decision = await limiter.AcquireAsync("k", new RateLimit(10, 60), 11, default);

        Assert.False(decision.Allowed);
    }

    [Fact]
    public void Headers_follow_the_ietf_draft_format()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        RateLimitHeaders.Write(context.Response, [
            ("key", new RateLimit(100, 60), new RateDecision(true, 40, 36, 0)),
            ("org", new RateLimit(1000, 60), new RateDecision(true, 900, 6, 0)),
        ]);

        Assert.Equal("\"key\";q=100;w=60, \"org\";q=1000;w=60", context.Response.Headers["RateLimit-Policy"]);
        Assert.Equal("\"key\";r=40;t=36", context.Response.Headers["RateLimit"]);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }
}
