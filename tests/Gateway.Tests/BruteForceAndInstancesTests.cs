using System.Net;

namespace GoLive.Gateway.Tests;

/// <summary>Tests that need a platform of their own: a low brute-force limit, or two gateway instances.</summary>
public sealed class BruteForceAndInstancesTests
{
    [Fact]
    public async Task Repeated_invalid_keys_from_one_client_are_refused_with_429_even_with_a_valid_key_until_the_block_ends()
    {
        await using var platform = new GatewayPlatform { FailedAttemptsPerIp = 5 };
        await platform.InitializeAsync();
        var (valid, _) = await platform.CreateKeyAsync(["status:read"]);
        using var attacker = platform.PartnerClient("glk_test_ZZZZZZZZ" + new string('q', 32));
        using var partner = platform.PartnerClient(valid);

        for (var i = 0; i < 5; i++)
            await Problem.AssertAsync(await attacker.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
        var blocked = await attacker.GetAsync("/v1/up/hello");

        await Problem.AssertAsync(blocked, (HttpStatusCode)429, "too_many_failed_attempts");
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await Problem.AssertAsync(await partner.GetAsync("/v1/up/hello"), (HttpStatusCode)429, "too_many_failed_attempts");

        platform.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/v1/up/hello")).StatusCode);
    }

    [Fact]
    public async Task A_key_limit_holds_across_two_gateway_instances_sharing_one_store()
    {
        await using var platform = new GatewayPlatform();
        await platform.InitializeAsync();
        await using var second = await platform.StartGatewayAsync();
        var (key, _) = await platform.CreateKeyAsync(["status:read"], rateLimit: new { limit = 10, windowSeconds = 60 });
        using var viaFirst = platform.PartnerClient(key);
        using var viaSecond = new HttpClient { BaseAddress = second.App.BaseAddress };
        viaSecond.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
            statuses.Add((await (i % 2 == 0 ? viaFirst : viaSecond).GetAsync("/v1/up/hello")).StatusCode);

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(20, statuses.Count(s => s == (HttpStatusCode)429));
        Assert.Contains(statuses.Where((_, i) => i % 2 == 1), s => s == HttpStatusCode.OK);
    }
}
