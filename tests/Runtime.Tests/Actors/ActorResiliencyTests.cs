using Dapr.Actors;

namespace GoLive.Runtime.Tests.Actors;

/// <summary><c>targets.actors</c> of a Resiliency document: a timeout per call and a circuit breaker per actor id.</summary>
public sealed class ActorResiliencyTests
{
    private const string Policy = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: actor-resiliency
        spec:
          policies:
            timeouts:
              quick: 300ms
            circuitBreakers:
              fragile:
                maxRequests: 1
                timeout: 30s
                trip: consecutiveFailures > 1
          targets:
            actors:
              CounterActor:
                timeout: quick
                circuitBreaker: fragile
                circuitBreakerScope: id
        """;

    [Fact]
    public async Task A_call_that_outlasts_the_timeout_fails_and_repeated_failures_open_the_breaker_for_that_id_only()
    {
        await using var apps = new ActorApps(Policy);
        var app = await apps.StartAsync();

        var slow = await Assert.ThrowsAnyAsync<Exception>(() => app.Counter("stuck").IncrementAsync(2_000));
        await Assert.ThrowsAnyAsync<Exception>(() => app.Counter("stuck").IncrementAsync(2_000));
        var open = await Assert.ThrowsAnyAsync<Exception>(() => app.Counter("stuck").GetAsync());

        Assert.Contains("timed out", slow.ToString());
        Assert.Contains("circuit breaker 'fragile'", open.ToString());
        Assert.Equal(1, await app.Counter("healthy").IncrementAsync(0));
    }

    [Fact]
    public async Task An_exception_thrown_by_the_actor_is_its_answer_not_a_failure_that_opens_the_breaker()
    {
        await using var apps = new ActorApps(Policy);
        var app = await apps.StartAsync();

        for (var i = 0; i < 3; i++) await Assert.ThrowsAnyAsync<Exception>(() => app.Counter("grumpy").FailAsync());

        Assert.Equal("pong:grumpy", await app.Counter("grumpy").PingAsync());
    }
}
