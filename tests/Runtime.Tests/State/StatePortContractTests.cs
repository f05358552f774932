using System.Text.Json;
using GoLive.DaprAccess.State;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.State;

/// <summary>
/// The one state port's contract, held by the sidecar-backed <see cref="DaprStateStore"/> on every store kind and by the
/// in-memory twin the apps' tests use (<see cref="InMemoryStateStore"/>), so a test on the fake means the same on daprd.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class StatePortContractTests(RuntimeFixture runtime)
{
    private const string Fake = "fake";

    public static TheoryData<string> Stores => TestServers.Included
        ? [Fake, "outboxstore", "outboxsqlite", "outboxpg", "outboxredis"]
        : [Fake, "outboxstore", "outboxsqlite"];

    private sealed record Order(string Marker, int Total, string? Card = null);

    private sealed record OrderPlaced(string Marker, int Total);

    private IStateStore Open(string store) =>
        store == Fake ? new InMemoryStateStore() : new DaprStateStore(runtime.Client, store, JsonSerializerOptions.Web);

    private static string Marker() => Guid.NewGuid().ToString("N");

    [Theory, MemberData(nameof(Stores))]
    public async Task A_missing_key_reads_as_no_value_and_no_etag(string store)
    {
        var read = await Open(store).GetAsync<Order>("missing-" + Marker());

        Assert.False(read.Exists);
        Assert.Null(read.Value);
        Assert.Null(read.ETag);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_saved_value_reads_back_with_an_etag_that_changes_on_every_write(string store)
    {
        var states = Open(store);
        var key = "order-" + Marker();
        await states.SaveAsync(key, new Order("a", 1));
        var first = await states.GetAsync<Order>(key);
        await states.SaveAsync(key, new Order("a", 2));
        var second = await states.GetAsync<Order>(key);

        Assert.Equal(new Order("a", 1), first.Value);
        Assert.NotNull(first.ETag);
        Assert.Equal(2, second.Value!.Total);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_checked_save_wins_with_the_current_etag_and_loses_with_a_stale_one(string store)
    {
        var states = Open(store);
        var key = "order-" + Marker();
        await states.SaveAsync(key, new Order("a", 1));
        var read = await states.GetAsync<Order>(key);

        Assert.True(await states.TrySaveAsync(key, new Order("a", 2), read.ETag));
        Assert.False(await states.TrySaveAsync(key, new Order("a", 3), read.ETag));
        Assert.Equal(2, (await states.GetAsync<Order>(key)).Value!.Total);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_save_without_an_etag_is_a_first_write_that_only_one_writer_wins(string store)
    {
        var states = Open(store);
        var key = "order-" + Marker();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => states.TrySaveAsync(key, new Order("a", i), etag: null)));

        Assert.Single(outcomes, won => won);
        Assert.False(await states.TrySaveAsync(key, new Order("a", 99), etag: null));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Get_many_returns_the_keys_that_exist_with_their_etags(string store)
    {
        var states = Open(store);
        var marker = Marker();
        await states.SaveAsync("a-" + marker, new Order("a", 1));
        await states.SaveAsync("b-" + marker, new Order("b", 2));

        var found = await states.GetManyAsync<Order>(["a-" + marker, "b-" + marker, "missing-" + marker]);

        Assert.Equal(["a-" + marker, "b-" + marker], found.Keys.Order());
        Assert.All(found.Values, v => Assert.NotNull(v.ETag));
        Assert.Equal(2, found["b-" + marker].Value!.Total);
        Assert.Equal(1, (await states.GetValuesAsync<Order>(["a-" + marker]))["a-" + marker].Total);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Get_many_reads_any_number_of_keys_even_when_their_values_pass_one_message_limit(string store)
    {
        // 250 values of 40 KB: 10 MB, more than one 4 MB gRPC reply holds, so the port must read in batches.
        var states = Open(store);
        var marker = Marker();
        var padding = new string('x', 40_000);
        var keys = Enumerable.Range(0, 250).Select(i => $"big-{marker}-{i}").ToList();
        foreach (var chunk in keys.Chunk(50))
        {
            await states.TransactAsync([.. chunk.Select(key => StateOperation.Upsert(key, new Order(padding, key.Length)))]);
        }

        var found = await states.GetManyAsync<Order>([.. keys, "missing-" + marker]);

        Assert.Equal(keys.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.All(found.Values, item => Assert.Equal(40_000, item.Value!.Marker.Length));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_transaction_with_one_failed_check_applies_nothing(string store)
    {
        var states = Open(store);
        var marker = Marker();
        await states.SaveAsync("taken-" + marker, new Order("t", 1));

        var written = await states.TryTransactAsync(
        [
            StateOperation.Upsert("free-" + marker, new Order("f", 1)),
            StateOperation.Insert("taken-" + marker, new Order("t", 2)),
        ]);

        Assert.False(written);
        Assert.False((await states.GetAsync<Order>("free-" + marker)).Exists);
        Assert.Equal(1, (await states.GetAsync<Order>("taken-" + marker)).Value!.Total);
        await Assert.ThrowsAsync<StateConflictException>(() => states.TransactAsync([StateOperation.Insert("taken-" + marker, new Order("t", 3))]));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_transaction_checks_etags_and_deletes(string store)
    {
        var states = Open(store);
        var marker = Marker();
        await states.SaveAsync("kept-" + marker, new Order("k", 1));
        await states.SaveAsync("gone-" + marker, new Order("g", 1));
        var kept = await states.GetAsync<Order>("kept-" + marker);

        Assert.True(await states.TryTransactAsync(
        [
            StateOperation.UpsertIfMatch("kept-" + marker, new Order("k", 2), kept.ETag),
            StateOperation.Delete("gone-" + marker),
        ]));
        Assert.False(await states.TryTransactAsync([StateOperation.UpsertIfMatch("kept-" + marker, new Order("k", 3), kept.ETag)]));

        Assert.Equal(2, (await states.GetAsync<Order>("kept-" + marker)).Value!.Total);
        Assert.False((await states.GetAsync<Order>("gone-" + marker)).Exists);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_delete_at_a_stale_etag_keeps_the_value(string store)
    {
        var states = Open(store);
        var key = "order-" + Marker();
        await states.SaveAsync(key, new Order("a", 1));
        var stale = (await states.GetAsync<Order>(key)).ETag!;
        await states.SaveAsync(key, new Order("a", 2));

        Assert.False(await states.TryDeleteAsync(key, stale));
        Assert.True((await states.GetAsync<Order>(key)).Exists);
        Assert.True(await states.TryDeleteAsync(key, (await states.GetAsync<Order>(key)).ETag));
        Assert.False((await states.GetAsync<Order>(key)).Exists);
        await states.DeleteAsync(key);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_upsert_with_an_event_publishes_its_type_id_subject_and_payload_and_stores_the_document(string store)
    {
        var states = Open(store);
        var marker = Marker();
        var type = "golive.test.order.placed." + marker;
        var @event = new OutboxEvent(type) { Id = "placed-" + marker, Subject = "order-" + marker, Payload = new OrderPlaced(marker, 10) };

        await states.TransactAsync([StateOperation.Upsert("order-" + marker, new Order(marker, 10, Card: "4242"), @event)]);

        var (data, id, subject) = await PublishedAsync(states, type, marker);
        Assert.Equal(10, data.GetProperty("total").GetInt32());
        Assert.False(data.TryGetProperty("card", out _));
        Assert.Equal("placed-" + marker, id);
        Assert.Equal("order-" + marker, subject);
        Assert.Equal("4242", (await states.GetAsync<Order>("order-" + marker)).Value!.Card);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_event_without_a_payload_publishes_the_stored_value(string store)
    {
        var states = Open(store);
        var marker = Marker();
        var type = "golive.test.order.stored." + marker;

        await states.TransactAsync([StateOperation.Upsert("order-" + marker, new Order(marker, 7), new OutboxEvent(type))]);

        var (data, _, _) = await PublishedAsync(states, type, marker);
        Assert.Equal(7, data.GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_plain_save_publishes_nothing(string store)
    {
        var states = Open(store);
        var marker = Marker();
        await states.SaveAsync("order-" + marker, new Order(marker, 1));
        await states.TransactAsync([StateOperation.Upsert("later-" + marker, new Order("later-" + marker, 1))]);

        // The later transaction's event arriving proves the plain save's would have arrived first.
        await Eventually.TrueAsync(async () => (await EventsAsync(states)).Any(e => Marks(e.Data, "later-" + marker)));
        Assert.DoesNotContain(await EventsAsync(states), e => Marks(e.Data, marker));
    }

    private async Task<(JsonElement Data, string? Id, string? Subject)> PublishedAsync(IStateStore states, string type, string marker)
    {
        (JsonElement Data, string? Type, string? Id, string? Subject)? found = null;
        await Eventually.TrueAsync(async () =>
        {
            found = (await EventsAsync(states)).FirstOrDefault(e => e.Type == type && Marks(e.Data, marker));
            return found is { Type: not null };
        }, TimeSpan.FromSeconds(10), $"no {type} event was published");
        return (found!.Value.Data, found.Value.Id, found.Value.Subject);
    }

    private static bool Marks(JsonElement data, string marker) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("marker", out var m) && m.GetString() == marker;

    // What the outbox published: the fake's record, or each event the test app received with its envelope headers.
    private Task<List<(JsonElement Data, string? Type, string? Id, string? Subject)>> EventsAsync(IStateStore states) =>
        Task.FromResult(states is InMemoryStateStore fake
            ? fake.Published.Select(e => (e.Data, (string?)e.Type, e.Id, e.Subject)).ToList()
            : runtime.Inbox.Read("outbox-events").Select(e => (e.GetProperty("data"), Header(e, "type"), Header(e, "id"), Header(e, "subject"))).ToList());

    private static string? Header(JsonElement received, string name) =>
        received.GetProperty("headers").TryGetProperty(name, out var value) ? value.GetString() : null;
}
