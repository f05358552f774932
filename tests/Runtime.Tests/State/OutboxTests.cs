using System.Text.Json;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.State;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.State;

/// <summary>The transactional outbox: a transaction's upserts are published exactly when the transaction commits.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class OutboxTests(RuntimeFixture runtime)
{
    public static TheoryData<string> OutboxStores => TestServers.Included
        ? ["outboxstore", "outboxsqlite", "outboxpg", "outboxredis"]
        : ["outboxstore", "outboxsqlite"];

    private static string Marker() => Guid.NewGuid().ToString("N");

    private Func<Task<bool>> Published(string marker) => () => Task.FromResult(runtime.Inbox.Read("outbox")
        .Any(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("marker", out var m) && m.GetString() == marker));

    private static StateTransactionRequest Upsert(string key, object value, string? etag = null) =>
        new(key, JsonSerializer.SerializeToUtf8Bytes(value), StateOperationType.Upsert, etag);

    [Theory, MemberData(nameof(OutboxStores))]
    public async Task A_committed_transaction_publishes_each_upsert_as_an_event(string store)
    {
        var (first, second) = (Marker(), Marker());
        await runtime.Client.ExecuteStateTransactionAsync(store,
            [Upsert("order-" + first, new { marker = first, total = 10 }), Upsert("order-" + second, new { marker = second, total = 20 })]);
        await Eventually.TrueAsync(Published(first));
        await Eventually.TrueAsync(Published(second));
        Assert.Equal(10, (await runtime.Client.GetStateAsync<JsonElement>(store, "order-" + first)).GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(OutboxStores))]
    public async Task A_rolled_back_transaction_publishes_nothing(string store)
    {
        var (failed, later) = (Marker(), Marker());
        await Assert.ThrowsAsync<DaprException>(() => runtime.Client.ExecuteStateTransactionAsync(store,
            [Upsert("order-" + failed, new { marker = failed }), Upsert("order-" + Marker(), new { marker = failed }, etag: "999999")]));
        await runtime.Client.ExecuteStateTransactionAsync(store, [Upsert("order-" + later, new { marker = later })]);
        await Eventually.TrueAsync(Published(later));
        Assert.False(await Published(failed)());
        Assert.Null(await runtime.Client.GetStateAsync<object>(store, "order-" + failed));
    }

    [Theory, MemberData(nameof(OutboxStores))]
    public async Task An_event_left_in_the_outbox_by_a_crash_is_published_by_the_relay(string store)
    {
        // A crash after the commit and before the publish leaves exactly this: an outbox record in the store.
        var marker = Marker();
        var sidecar = runtime.Sidecar.Context;
        var component = (StateStoreComponent)sidecar.Components[store].Instance;
        var records = Outbox.RecordsFor(sidecar, component.Outbox!, [new OutboxMessage(JsonSerializer.SerializeToUtf8Bytes(new { marker }), new Dictionary<string, string>())]);
        await component.Store.ApplyAsync(records, CancellationToken.None);
        await Eventually.TrueAsync(Published(marker), TimeSpan.FromSeconds(10), "the relay did not publish the leftover outbox record");
        await Eventually.TrueAsync(async () => (await component.Store.ScanAsync(Outbox.KeyPrefix(RuntimeFixture.AppId), 10, CancellationToken.None)).Count == 0);
    }

    [Theory, MemberData(nameof(OutboxStores))]
    public async Task A_projection_is_published_instead_of_the_stored_value_with_the_cloudevent_fields_given(string store)
    {
        var marker = Marker();
        var key = "order-" + marker;
        var projection = new StateTransactionRequest(key, JsonSerializer.SerializeToUtf8Bytes(new { marker, projected = true }), StateOperationType.Upsert,
            metadata: new Dictionary<string, string> { ["outbox.projection"] = "true", ["cloudevent.type"] = "golive.test.order.placed" });
        await runtime.Client.ExecuteStateTransactionAsync(store, [Upsert(key, new { marker, card = "4242" }), projection]);

        await Eventually.TrueAsync(Published(marker));
        var published = runtime.Inbox.Read("outbox").Last(e => e.TryGetProperty("marker", out var m) && m.GetString() == marker);
        Assert.True(published.GetProperty("projected").GetBoolean());
        Assert.False(published.TryGetProperty("card", out _));
        Assert.Contains(runtime.Inbox.Read("outbox-envelopes"), e => e.TryGetProperty("type", out var t) && t.GetString() == "golive.test.order.placed");
        Assert.Equal("4242", (await runtime.Client.GetStateAsync<JsonElement>(store, key)).GetProperty("card").GetString());
    }

    [Theory, MemberData(nameof(OutboxStores))]
    public async Task A_projection_without_an_upsert_of_its_key_fails_the_whole_transaction(string store)
    {
        var marker = Marker();
        var projection = new StateTransactionRequest("other-" + marker, JsonSerializer.SerializeToUtf8Bytes(new { marker }), StateOperationType.Upsert,
            metadata: new Dictionary<string, string> { ["outbox.projection"] = "true" });

        await Assert.ThrowsAsync<DaprException>(() => runtime.Client.ExecuteStateTransactionAsync(store, [Upsert("order-" + marker, new { marker }), projection]));

        Assert.Null(await runtime.Client.GetStateAsync<object>(store, "order-" + marker));
    }
}
