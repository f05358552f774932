using System.Text.Json;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.PubSub;

/// <summary>The conformance app's subscriptions on <c>pubsub.redis</c> (Redis Streams) instead of the in-memory broker.</summary>
public sealed class RedisStreamsTests : IAsyncDisposable
{
    private readonly RedisConformanceApps _apps = new();

    private Task<RedisConformanceApps.Instance> StartAsync(string appId, RuntimeHost? host = null) => _apps.StartAsync(appId, host);

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

    private static string Marker() => Guid.NewGuid().ToString("N");

    private static Func<Task<bool>> Arrived(RedisConformanceApps.Instance instance, string channel, string marker) => () => Task.FromResult(
        instance.Inbox.Read(channel).Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("marker", out var m) && m.GetString() == marker));

    [ServerFact]
    public async Task Events_published_on_redis_reach_the_subscriber()
    {
        var app = await StartAsync("redis-" + Marker()[..8]);
        var marker = Marker();
        await app.Dapr.PublishEventAsync("pubsub", "orders", new { marker });
        await Eventually.TrueAsync(Arrived(app, "orders", marker));
    }

    [ServerFact]
    public async Task Retry_then_success_and_drop_to_dead_letter_behave_as_in_memory()
    {
        var app = await StartAsync("redis-" + Marker()[..8]);
        var (id, dropped) = (Marker(), Marker());
        await app.Dapr.PublishEventAsync("pubsub", "flaky", new { id });
        await app.Dapr.PublishEventAsync("pubsub", "doomed", new { marker = dropped });
        await Eventually.TrueAsync(() => Task.FromResult(app.Inbox.Read("flaky").Any(e => e.GetProperty("id").GetString() == id)));
        await Eventually.TrueAsync(Arrived(app, "deadletters", dropped));
        Assert.Single(app.Inbox.Read("flaky"), e => e.GetProperty("id").GetString() == id);
    }

    [ServerFact]
    public async Task Two_instances_of_one_app_share_the_messages_and_each_is_handled_once()
    {
        var appId = "redis-shared-" + Marker()[..8];
        var (first, second) = (await StartAsync(appId), await StartAsync(appId));
        var markers = Enumerable.Range(0, 40).Select(_ => Marker()).ToHashSet();
        foreach (var marker in markers) await first.Dapr.PublishEventAsync("pubsub", "orders", new { marker });
        string[] Received() => first.Inbox.Read("orders").Concat(second.Inbox.Read("orders"))
            .Select(e => e.GetProperty("marker").GetString()!).Where(markers.Contains).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(Received().Distinct().Count() == markers.Count));
        Assert.Equal(markers.Count, Received().Length);
    }

    [ServerFact]
    public async Task A_message_left_unacknowledged_by_a_dead_app_is_redelivered_to_another_instance()
    {
        var appId = "redis-crash-" + Marker()[..8];
        var crashingHost = new RuntimeHost();
        var crashing = await StartAsync(appId, crashingHost);
        await crashing.App.DisposeAsync(); // the app dies; its sidecar still reads, fails to deliver, and cannot acknowledge
        var marker = Marker();
        await crashing.Dapr.PublishEventAsync("pubsub", "orders", new { marker });
        // Wait until Redis holds the message as delivered to the group but unacknowledged: the sidecar took it and failed.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis))
        {
            await Eventually.TrueAsync(async () =>
            {
                // The consumer group appears with the consumer's first read; until then Redis answers NOGROUP.
                try { return (await redis.GetDatabase().StreamPendingAsync("orders", appId)).PendingMessageCount > 0; }
                catch (StackExchange.Redis.RedisServerException e) when (e.Message.Contains("NOGROUP", StringComparison.Ordinal)) { return false; }
            }, TimeSpan.FromSeconds(10), "the dying sidecar never took the message");
        }
        await crashingHost.DisposeAsync();

        var survivor = await StartAsync(appId);
        await Eventually.TrueAsync(Arrived(survivor, "orders", marker), TimeSpan.FromSeconds(15), "the pending message was not redelivered");
    }
}
