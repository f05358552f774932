using Dapr;
using Dapr.Client;
using GoLive.Runtime.Tests.Infrastructure;
using Grpc.Core;

namespace GoLive.Runtime.Tests.State;

/// <summary>The state API through the official .NET SDK (gRPC), on every store type.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class StateSdkTests(RuntimeFixture runtime)
{
    /// <summary>Every state store of the run: embedded ones always, PostgreSQL and Redis when their servers are part of it.</summary>
    public static TheoryData<string> Stores => TestServers.Included
        ? ["statestore", "sqlitestore", "pgstore", "redisstore"]
        : ["statestore", "sqlitestore"];

    private DaprClient Dapr => runtime.Client;

    private static string NewKey() => "k-" + Guid.NewGuid().ToString("N");

    [Theory, MemberData(nameof(Stores))]
    public async Task Saved_state_is_read_back_and_deleted(string store)
    {
        var key = NewKey();
        await Dapr.SaveStateAsync(store, key, new Order("o-1", 12.5m));
        Assert.Equal(new Order("o-1", 12.5m), await Dapr.GetStateAsync<Order>(store, key));
        await Dapr.DeleteStateAsync(store, key);
        Assert.Null(await Dapr.GetStateAsync<Order>(store, key));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Bulk_get_returns_every_key_with_etags_and_empty_items_for_missing_ones(string store)
    {
        var (a, b, missing) = (NewKey(), NewKey(), NewKey());
        await Dapr.SaveStateAsync(store, a, "A");
        await Dapr.SaveStateAsync(store, b, "B");
        var items = await Dapr.GetBulkStateAsync(store, [a, b, missing], parallelism: 2);
        Assert.Equal(3, items.Count);
        Assert.Equal("\"A\"", items.Single(i => i.Key == a).Value);
        Assert.NotEmpty(items.Single(i => i.Key == b).ETag);
        Assert.Equal("", items.Single(i => i.Key == missing).Value);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_stale_etag_is_refused_and_the_current_one_accepted(string store)
    {
        var key = NewKey();
        await Dapr.SaveStateAsync(store, key, 1);
        var (_, etag) = await Dapr.GetStateAndETagAsync<int>(store, key);
        Assert.True(await Dapr.TrySaveStateAsync(store, key, 2, etag));
        Assert.False(await Dapr.TrySaveStateAsync(store, key, 3, etag));
        Assert.False(await Dapr.TryDeleteStateAsync(store, key, etag));
        Assert.Equal(2, await Dapr.GetStateAsync<int>(store, key));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_etag_for_a_missing_key_is_a_mismatch(string store) =>
        Assert.False(await Dapr.TrySaveStateAsync(store, NewKey(), 1, "1"));

    [Theory, MemberData(nameof(Stores))]
    public async Task A_malformed_etag_is_invalid_argument(string store)
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => Dapr.TrySaveStateAsync(store, NewKey(), 1, "not-a-version"));
        Assert.Equal(StatusCode.InvalidArgument, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task First_write_refuses_to_overwrite_an_existing_key(string store)
    {
        var key = NewKey();
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        await Dapr.SaveStateAsync(store, key, "first", firstWrite);
        var error = await Assert.ThrowsAsync<DaprException>(() => Dapr.SaveStateAsync(store, key, "second", firstWrite));
        Assert.Equal(StatusCode.Aborted, Assert.IsType<RpcException>(error.InnerException).StatusCode);
        Assert.Equal("first", await Dapr.GetStateAsync<string>(store, key));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_key_with_a_ttl_reports_its_expiry_and_then_disappears(string store)
    {
        var key = NewKey();
        await Dapr.SaveStateAsync(store, key, "brief", metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "1" });
        var response = await runtime.SidecarHttp.GetAsync($"/v1.0/state/{store}/{key}");
        Assert.True(response.Headers.TryGetValues("metadata.ttlExpireTime", out var expires));
        Assert.True(DateTimeOffset.Parse(expires.Single()) > DateTimeOffset.UtcNow.AddSeconds(-1));
        await Eventually.TrueAsync(async () => await Dapr.GetStateAsync<string>(store, key) is null, TimeSpan.FromSeconds(5));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_transaction_with_one_stale_etag_changes_nothing(string store)
    {
        var (kept, created) = (NewKey(), NewKey());
        await Dapr.SaveStateAsync(store, kept, "original");
        var operations = new List<StateTransactionRequest>
        {
            new(created, "{\"v\":1}"u8.ToArray(), StateOperationType.Upsert),
            new(kept, "\"changed\""u8.ToArray(), StateOperationType.Upsert, etag: "999999"),
        };
        await Assert.ThrowsAsync<DaprException>(() => Dapr.ExecuteStateTransactionAsync(store, operations));
        Assert.Equal("original", await Dapr.GetStateAsync<string>(store, kept));
        Assert.Null(await Dapr.GetStateAsync<string>(store, created));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_transaction_applies_upserts_and_deletes_together(string store)
    {
        var (gone, created) = (NewKey(), NewKey());
        await Dapr.SaveStateAsync(store, gone, "old");
        await Dapr.ExecuteStateTransactionAsync(store,
        [
            new(created, "\"new\""u8.ToArray(), StateOperationType.Upsert),
            new(gone, null, StateOperationType.Delete),
        ]);
        Assert.Equal("new", await Dapr.GetStateAsync<string>(store, created));
        Assert.Null(await Dapr.GetStateAsync<string>(store, gone));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Concurrent_writers_with_etag_retries_lose_no_update(string store)
    {
        const int writers = 8, incrementsEach = 40;
        var key = NewKey();
        await Dapr.SaveStateAsync(store, key, 0);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var (count, etag) = await Dapr.GetStateAndETagAsync<int>(store, key);
                    if (await Dapr.TrySaveStateAsync(store, key, count + 1, etag)) break;
                }
            }
        })));
        Assert.Equal(writers * incrementsEach, await Dapr.GetStateAsync<int>(store, key));
    }

    [Fact]
    public async Task A_key_containing_the_prefix_separator_is_refused()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => Dapr.SaveStateAsync("statestore", "a||b", 1));
        Assert.Equal(StatusCode.InvalidArgument, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task An_unknown_store_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => Dapr.GetStateAsync<string>("nosuchstore", "k"));
        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Contains("ERR_STATE_STORE_NOT_FOUND", rpc.Status.Detail);
    }

    public sealed record Order(string Id, decimal Amount);
}
