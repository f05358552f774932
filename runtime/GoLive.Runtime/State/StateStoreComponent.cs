using System.Globalization;
using GoLive.Runtime.Components;
using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.State;

/// <summary>A loaded state store with daprd's key-prefix strategy (<c>keyPrefix</c>: appid, name, namespace, none or a literal).</summary>
internal sealed class StateStoreComponent(string name, IStateStore store, string keyPrefix, OutboxTarget? outbox = null)
    : IComponentCapabilities, IAsyncDisposable
{
    public string Name { get; } = name;
    public IStateStore Store { get; } = store;

    /// <summary>Where transactions on this store publish their upserts, when the outbox is configured.</summary>
    public OutboxTarget? Outbox { get; } = outbox;

    public IReadOnlyList<string> Capabilities => (Store as IComponentCapabilities)?.Capabilities ?? [];

    public string KeyFor(string appId, string key)
    {
        if (string.IsNullOrEmpty(key)) throw DaprErrors.Malformed("state key must not be empty");
        if (keyPrefix == "none") return key;
        if (key.Contains("||", StringComparison.Ordinal))
            throw DaprErrors.Malformed($"input key/keyPrefix '{key}' can't contain '||'");
        var prefix = keyPrefix switch
        {
            "appid" or "namespace" => appId, // no namespaces locally: namespace.appid degenerates to appid
            "name" => Name,
            _ => keyPrefix,
        };
        return string.Concat(prefix, "||", key);
    }

    public async ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable a: await a.DisposeAsync(); break;
            case IDisposable d: d.Dispose(); break;
        }
    }
}

/// <summary>The state API's logic shared by the HTTP and gRPC front ends of one sidecar.</summary>
internal sealed class StateService(SidecarContext sidecar, Microsoft.Extensions.Logging.ILogger<StateService> logger)
{
    public StateStoreComponent Resolve(string name)
    {
        if (!sidecar.All<StateStoreComponent>().Any()) throw DaprErrors.StateStoresNotConfigured();
        return sidecar.Get<StateStoreComponent>(name, DaprErrors.StateStoreNotFound);
    }

    public async Task<StateEntry?> GetAsync(string storeName, string key, CancellationToken cancellationToken)
    {
        var store = Resolve(storeName);
        var fullKey = store.KeyFor(sidecar.AppId, key);
        return await ComponentCalls.ExecuteAsync(sidecar, store.Name, ct => store.Store.GetAsync(fullKey, ct), cancellationToken);
    }

    /// <summary>A bulk save is independent writes, as in daprd; the first failure is reported.</summary>
    public Task SaveAsync(string storeName, IReadOnlyList<StateRequestItem> items, CancellationToken cancellationToken)
    {
        var store = Resolve(storeName);
        var writes = items.Select(i => Apply(store, [ToUpsert(store, i)], cancellationToken)).ToArray();
        return AwaitAllAsync(writes);
    }

    public Task DeleteAsync(string storeName, IReadOnlyList<StateRequestItem> items, CancellationToken cancellationToken)
    {
        var store = Resolve(storeName);
        var deletes = items.Select(i => Apply(store, [ToDelete(store, i)], cancellationToken)).ToArray();
        return AwaitAllAsync(deletes);
    }

    public async Task TransactAsync(string storeName, IReadOnlyList<(string Operation, StateRequestItem Item)> operations, CancellationToken cancellationToken)
    {
        var store = Resolve(storeName);
        // An upsert marked outbox.projection is the event to publish for the upsert of the same key, never stored (daprd).
        var projections = operations.Where(o => o.Operation == "upsert" && Outbox.IsProjection(o.Item.Metadata))
            .ToDictionary(o => o.Item.Key, o => o.Item, StringComparer.Ordinal);
        var stored = operations.Where(o => !(o.Operation == "upsert" && Outbox.IsProjection(o.Item.Metadata))).ToArray();
        var changes = stored.Select(o => o.Operation switch
        {
            "upsert" => (StateOperation)ToUpsert(store, o.Item),
            "delete" => ToDelete(store, o.Item),
            _ => throw new DaprApiException(new("ERR_NOT_SUPPORTED_STATE_OPERATION",
                $"operation type {o.Operation} not supported", 400, global::Grpc.Core.StatusCode.InvalidArgument)),
        }).ToArray();
        if (store.Outbox is not { } target)
        {
            await Apply(store, changes, cancellationToken);
            return;
        }
        var upserts = stored.Where(o => o.Operation == "upsert").Select(o => o.Item).ToArray();
        if (projections.Keys.FirstOrDefault(key => !upserts.Any(u => u.Key == key)) is { } orphan)
            throw DaprErrors.Malformed($"outbox projection for key '{orphan}' has no upsert of the same key in the transaction");
        var messages = upserts.Select(u => projections.TryGetValue(u.Key, out var projection)
            ? new OutboxMessage(projection.Value, Outbox.Merge(u.Metadata, projection.Metadata))
            : new OutboxMessage(u.Value, u.Metadata ?? new Dictionary<string, string>()));
        // The events go into the same transaction as the state: both commit, or neither does.
        var records = Outbox.RecordsFor(sidecar, target, messages);
        await Apply(store, [.. changes, .. records], cancellationToken);
        await Outbox.RelayAsync(sidecar, store, records.Select(r => KeyValuePair.Create(r.Key, r.Value)).ToArray(), logger, CancellationToken.None);
    }

    private Task Apply(StateStoreComponent store, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken) =>
        ComponentCalls.ExecuteAsync(sidecar, store.Name, ct => store.Store.ApplyAsync(operations, ct), cancellationToken);

    private StateUpsert ToUpsert(StateStoreComponent store, StateRequestItem item) =>
        new(store.KeyFor(sidecar.AppId, item.Key), item.Value, item.ETag, item.FirstWrite, Ttl(item.Metadata));

    private StateDelete ToDelete(StateStoreComponent store, StateRequestItem item) =>
        new(store.KeyFor(sidecar.AppId, item.Key), item.ETag, item.FirstWrite);

    private static TimeSpan? Ttl(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue("ttlInSeconds", out var text)) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            throw DaprErrors.Malformed($"ttlInSeconds must be an integer, got '{text}'");
        return seconds < 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Waits for every write; awaiting Task.WhenAll rethrows the first failure, which is what daprd reports too.</summary>
    private static Task AwaitAllAsync(Task[] tasks) => tasks.Length == 1 ? tasks[0] : Task.WhenAll(tasks);

    /// <summary>The <c>metadata.ttlExpireTime</c> value daprd reports for a key with a TTL.</summary>
    public static string? TtlExpireTime(StateEntry entry) =>
        entry.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One item of a save, delete or transaction request, whichever API it came through.</summary>
internal sealed record StateRequestItem(string Key, byte[] Value, string? ETag, bool FirstWrite, IReadOnlyDictionary<string, string>? Metadata);
