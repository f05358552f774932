using System.Net;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Tests.Infrastructure;
using Grpc.Core;

namespace GoLive.Runtime.Tests.PubSub;

/// <summary>
/// Publishing through the official .NET SDK and HTTP, delivered to a Dapr.AspNetCore subscriber: every case on the
/// in-memory broker and, when the test servers are part of the run, on Redis Streams.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class PubSubSdkTests(RuntimeFixture memory, RedisPubSubRuntime redis) : IClassFixture<RedisPubSubRuntime>
{
    public static TheoryData<string> Brokers => TestServers.Included ? ["in-memory", "redis"] : ["in-memory"];

    private async Task<ConformanceTarget> On(string broker) =>
        broker == "redis" ? await redis.GetAsync() : new ConformanceTarget(memory.Client, memory.Inbox, memory.SidecarHttp);

    private static string Marker() => Guid.NewGuid().ToString("N");

    private static Task<JsonElement> ArrivesAsync(ConformanceTarget runtime, string channel, string marker, string field = "marker") => WaitForAsync(runtime, channel,
        e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var m) && m.GetString() == marker);

    private static async Task<JsonElement> WaitForAsync(ConformanceTarget runtime, string channel, Func<JsonElement, bool> match)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(() =>
        {
            var hit = runtime.Inbox.Read(channel).Where(match).ToArray();
            if (hit.Length > 0) found = hit[0];
            return Task.FromResult(hit.Length > 0);
        }, because: $"nothing matching arrived on {channel}");
        return found;
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task A_published_event_reaches_the_subscriber_in_a_cloudevent_from_this_app(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "orders", new { marker, total = 12.5 });
        var data = await ArrivesAsync(runtime, "orders", marker);
        Assert.Equal(12.5, data.GetProperty("total").GetDouble());
        var envelope = runtime.Inbox.Read("orders-envelope").Last(e => e.TryGetProperty("marker", out var m) && m.GetString() == marker);
        Assert.Equal(RuntimeFixture.AppId, envelope.GetProperty("source").GetString());
        Assert.Equal("com.dapr.event.sent", envelope.GetProperty("type").GetString());
        Assert.Equal("1.0", envelope.GetProperty("specversion").GetString());
        Assert.Equal("orders", envelope.GetProperty("topic").GetString());
        Assert.True(Guid.TryParse(envelope.GetProperty("id").GetString(), out _));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", envelope.GetProperty("traceparent").GetString()!);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task Cloudevent_metadata_overrides_the_envelope_fields(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        var id = Guid.NewGuid().ToString();
        await runtime.Client.PublishEventAsync("pubsub", "orders", new { marker }, new Dictionary<string, string>
        {
            ["cloudevent.id"] = id,
            ["cloudevent.type"] = "golive.test.order.placed",
            ["cloudevent.source"] = "billing",
        });
        await ArrivesAsync(runtime, "orders", marker);
        var envelope = runtime.Inbox.Read("orders-envelope").Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal("golive.test.order.placed", envelope.GetProperty("type").GetString());
        Assert.Equal("billing", envelope.GetProperty("source").GetString());
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task The_http_publish_api_carries_the_callers_traceparent_into_the_event(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.0/publish/pubsub/orders")
        {
            Content = new StringContent($$"""{"marker":"{{marker}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", traceParent);
        var response = await runtime.SidecarHttp.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ArrivesAsync(runtime, "orders", marker);
        Assert.Contains(runtime.Inbox.Read("orders-envelope"), e => e.GetProperty("traceparent").GetString() == traceParent);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task An_event_answered_with_retry_is_redelivered_until_it_succeeds_exactly_once(string broker)
    {
        var runtime = await On(broker);
        var id = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "flaky", new { id });
        await ArrivesAsync(runtime, "flaky", id, "id");
        Assert.Single(runtime.Inbox.Read("flaky"), e => e.GetProperty("id").GetString() == id);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task A_dropped_event_goes_to_the_dead_letter_topic(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "doomed", new { marker });
        await ArrivesAsync(runtime, "deadletters", marker);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task An_event_whose_retries_run_out_goes_to_the_dead_letter_topic(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "exhausted", new { marker });
        await ArrivesAsync(runtime, "deadletters", marker);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task An_expired_event_is_not_delivered_but_dead_lettered(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "ephemeral", new { marker }, new Dictionary<string, string> { ["ttlInSeconds"] = "0" });
        await ArrivesAsync(runtime, "deadletters", marker);
        Assert.DoesNotContain(runtime.Inbox.Read("ephemeral"), e => e.GetProperty("marker").GetString() == marker);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task Routing_rules_pick_the_route_by_event_type_and_others_take_the_default(string broker)
    {
        var runtime = await On(broker);
        var (created, other) = (Marker(), Marker());
        await runtime.Client.PublishEventAsync("pubsub", "routed", new { marker = created }, new Dictionary<string, string> { ["cloudevent.type"] = "order.created" });
        await runtime.Client.PublishEventAsync("pubsub", "routed", new { marker = other }, new Dictionary<string, string> { ["cloudevent.type"] = "order.shipped" });
        await ArrivesAsync(runtime, "routed-created", created);
        await ArrivesAsync(runtime, "routed-default", other);
        Assert.DoesNotContain(runtime.Inbox.Read("routed-default"), e => e.GetProperty("marker").GetString() == created);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task Bulk_published_events_are_delivered_in_bulk_batches(string broker)
    {
        var runtime = await On(broker);
        var markers = Enumerable.Range(0, 25).Select(_ => Marker()).ToArray();
        var response = await runtime.Client.BulkPublishEventAsync("pubsub", "bulk", markers.Select(m => new { marker = m }).ToList());
        Assert.Empty(response.FailedEntries);
        foreach (var marker in markers) await ArrivesAsync(runtime, "bulk", marker);
        Assert.All(runtime.Inbox.Read("bulk-batches"), size => Assert.InRange(size.GetInt32(), 1, 10));
        Assert.Contains(runtime.Inbox.Read("bulk-batches"), size => size.GetInt32() > 1);
        var envelope = runtime.Inbox.Read("bulk-events").First(e => e.GetProperty("data").GetProperty("marker").GetString() == markers[0]);
        Assert.Equal("pubsub", envelope.GetProperty("pubsubname").GetString());
        Assert.Equal("bulk", envelope.GetProperty("topic").GetString());
        Assert.EndsWith("Z", envelope.GetProperty("time").GetString());
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task A_raw_payload_reaches_a_raw_subscriber_unchanged(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishByteEventAsync("pubsub", "raw", Encoding.UTF8.GetBytes($"raw:{marker}"), "text/plain",
            new Dictionary<string, string> { ["rawPayload"] = "true" });
        await WaitForAsync(runtime, "raw", e => e.GetString()!.Contains($"raw:{marker}", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task A_declarative_subscription_delivers_like_a_programmatic_one(string broker)
    {
        var runtime = await On(broker);
        var marker = Marker();
        await runtime.Client.PublishEventAsync("pubsub", "declared", new { marker });
        await ArrivesAsync(runtime, "declared", marker);
        var metadata = await runtime.SidecarHttp.GetStringAsync("/v1.0/metadata");
        Assert.Contains("\"topic\":\"declared\"", metadata);
        Assert.Contains("\"type\":\"DECLARATIVE\"", metadata);
        Assert.Contains("\"topic\":\"orders\"", metadata);
    }

    [Theory, MemberData(nameof(Brokers))]
    public async Task Publishing_to_an_unknown_pubsub_names_it_in_the_error(string broker)
    {
        var runtime = await On(broker);
        var error = await Assert.ThrowsAsync<DaprException>(() => runtime.Client.PublishEventAsync("nosuchbus", "orders", new { }));
        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Contains("ERR_PUBSUB_NOT_FOUND", rpc.Status.Detail);
        var http = await runtime.SidecarHttp.PostAsync("/v1.0/publish/nosuchbus/orders", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, http.StatusCode);
    }
}
