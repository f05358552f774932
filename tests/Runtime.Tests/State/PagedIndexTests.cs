using System.Text.Json;
using GoLive.DaprAccess.State;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.State;

/// <summary>The shared paged index on the fake and on real sidecar stores: appends never lose an id, reads page through.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class PagedIndexTests(RuntimeFixture runtime)
{
    private const string Fake = "fake";

    public static TheoryData<string> Stores => TestServers.Included
        ? [Fake, "outboxsqlite", "outboxpg", "outboxredis"]
        : [Fake, "outboxsqlite"];

    private IStateStore Open(string store) =>
        store == Fake ? new InMemoryStateStore() : new DaprStateStore(runtime.Client, store, JsonSerializerOptions.Web);

    private static PagedIndex NewIndex(IStateStore store) => new(store, "index-" + Guid.NewGuid().ToString("N"), pageSize: 64);

    [Theory, MemberData(nameof(Stores))]
    public async Task Concurrent_appenders_lose_no_id_and_write_none_twice(string store)
    {
        var index = NewIndex(Open(store));
        var batches = Enumerable.Range(0, 40).Select(b => Enumerable.Range(0, 25).Select(i => $"id-{b:D2}-{i:D2}").ToList()).ToList();

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) => await index.AppendAsync(batch, ct));

        Assert.Equal(1000, await index.CountAsync());
        var all = new List<string>();
        await foreach (var id in index.ReadAllAsync())
        {
            all.Add(id);
        }

        Assert.Equal(batches.SelectMany(b => b).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        // Each batch stays contiguous: an append is one transaction.
        foreach (var batch in batches)
        {
            var at = all.IndexOf(batch[0]);
            Assert.Equal(batch, all.Skip(at).Take(batch.Count));
        }
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Ranges_and_newest_first_pages_cross_page_boundaries(string store)
    {
        var index = NewIndex(Open(store));
        var ids = Enumerable.Range(0, 200).Select(i => $"r-{i:D3}").ToList();
        foreach (var chunk in ids.Chunk(70))
        {
            await index.AppendAsync(chunk);
        }

        Assert.Equal(ids.Skip(60).Take(10), await index.ReadAsync(60, 10));
        Assert.Equal(ids.Skip(190), await index.ReadAsync(190, 50));
        Assert.Empty(await index.ReadAsync(200, 10));
        Assert.Equal(ids.AsEnumerable().Reverse().Take(20), await index.ReadNewestAsync(0, 20));
        Assert.Equal(ids.AsEnumerable().Reverse().Skip(130).Take(100), await index.ReadNewestAsync(130, 100));
        Assert.Empty(await index.ReadNewestAsync(200, 5));
    }

    [Fact]
    public async Task The_append_runs_inside_the_callers_transaction_and_fails_with_it_when_another_append_won()
    {
        var store = new InMemoryStateStore();
        var index = NewIndex(store);
        var mine = await index.PrepareAppendAsync(["mine"]);
        await index.AppendAsync(["theirs"]);

        Assert.False(await store.TryTransactAsync([StateOperation.Upsert("record-mine", new { id = "mine" }), .. mine]));
        Assert.False(store.Values.ContainsKey("record-mine"));
        Assert.Equal(["theirs"], await index.ReadAsync(0, 10));
    }

    [Fact]
    public async Task A_hundred_thousand_ids_keep_every_document_small()
    {
        var store = new InMemoryStateStore();
        var index = new PagedIndex(store, "keys");
        for (var batch = 0; batch < 100; batch++)
        {
            await index.AppendAsync([.. Enumerable.Range(0, 1000).Select(i => $"key_{batch:D3}_{i:D4}_{new string('k', 24)}")]);
        }

        Assert.Equal(100_000, await index.CountAsync());
        Assert.All(store.Values.Values, json => Assert.True(json.Length < 64 * 1024, $"a {json.Length}-byte document"));
        Assert.Equal("key_099_0999_" + new string('k', 24), (await index.ReadNewestAsync(0, 1)).Single());
    }
}
