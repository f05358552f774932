using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Gateway.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class IdempotencyTests(GatewayPlatform platform)
{
    private int OrdersCreated => platform.Upstream.Services.GetRequiredService<UpstreamLog>().OrdersCreated;

    private static HttpRequestMessage Order(string idempotencyKey, string body, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders" + query) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_request_replays_the_first_response_without_running_it_again()
    {
        var (key, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        using var partner = platform.PartnerClient(key);
        var idempotencyKey = Guid.NewGuid().ToString();

        var first = await partner.SendAsync(Order(idempotencyKey, """{"sku":"a"}"""));
        var createdAfterFirst = OrdersCreated;
        var replay = await partner.SendAsync(Order(idempotencyKey, """{"sku":"a"}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(createdAfterFirst, OrdersCreated);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422_idempotency_key_reused()
    {
        var (key, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        using var partner = platform.PartnerClient(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        await partner.SendAsync(Order(idempotencyKey, """{"sku":"a"}"""));

        var reused = await partner.SendAsync(Order(idempotencyKey, """{"sku":"b"}"""));

        await Problem.AssertAsync(reused, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task A_retry_while_the_first_request_runs_is_409_idempotency_key_in_use()
    {
        var (key, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        using var partner = platform.PartnerClient(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        var started = platform.Upstream.Services.GetRequiredService<UpstreamLog>().OrdersStarted;
        var slow = partner.SendAsync(Order(idempotencyKey, "{}", "?delayMs=3000"));
        await Eventually.TrueAsync(() => Task.FromResult(platform.Upstream.Services.GetRequiredService<UpstreamLog>().OrdersStarted > started),
            TimeSpan.FromSeconds(10), "the first request reached the app");

        var conflict = await partner.SendAsync(Order(idempotencyKey, "{}", "?delayMs=3000"));

        await Problem.AssertAsync(conflict, HttpStatusCode.Conflict, "idempotency_key_in_use");
        Assert.Equal(HttpStatusCode.Created, (await slow).StatusCode);
    }

    [Fact]
    public async Task Keys_are_separate_per_api_key()
    {
        var (first, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        var (second, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        using var a = platform.PartnerClient(first);
        using var b = platform.PartnerClient(second);
        var idempotencyKey = Guid.NewGuid().ToString();

        await a.SendAsync(Order(idempotencyKey, """{"n":1}"""));
        var other = await b.SendAsync(Order(idempotencyKey, """{"n":2}"""));

        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_gateway_refusal_is_not_stored_so_the_retry_runs()
    {
        var (key, _) = await platform.CreateKeyAsync(["webhooks:manage"], rateLimit: new { limit = 1, windowSeconds = 60 });
        using var partner = platform.PartnerClient(key);
        await partner.SendAsync(Order(Guid.NewGuid().ToString(), "{}"));
        var idempotencyKey = Guid.NewGuid().ToString();

        var limited = await partner.SendAsync(Order(idempotencyKey, """{"x":1}"""));
        platform.Clock.Advance(TimeSpan.FromSeconds(61));
        var retried = await partner.SendAsync(Order(idempotencyKey, """{"x":1}"""));

        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task A_malformed_idempotency_key_is_a_400_problem(string idempotencyKey)
    {
        var (key, _) = await platform.CreateKeyAsync(["webhooks:manage"]);
        using var partner = platform.PartnerClient(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);

        await Problem.AssertAsync(await partner.SendAsync(request), HttpStatusCode.BadRequest, "invalid_idempotency_key");
    }
}
