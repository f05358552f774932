using GoLive.DaprAccess.State;
using GoLive.Flags.Client;

namespace GoLive.Flags.Catalog;

/// <summary>
/// The catalog under one key of the app's state store. A save is one transaction with an ETag check on a store with the
/// outbox on: the catalog is stored and its event carries the <see cref="FlagsChange"/> (type <c>golive.flags.*</c>)
/// instead of the whole catalog, so the event is the audit record and no dual write exists.
/// </summary>
internal sealed class CatalogStore(IStateStore store)
{
    internal const string Key = "catalog";

    public async Task<(FlagCatalog Catalog, string? ETag)> LoadAsync(CancellationToken cancellationToken)
    {
        var (catalog, etag) = await store.GetAsync<FlagCatalog>(Key, cancellationToken);
        return (catalog ?? FlagCatalog.Empty, etag);
    }

    /// <summary>Saves the catalog and publishes <paramref name="change"/> atomically; false when the ETag is stale.</summary>
    public Task<bool> TrySaveAsync(FlagCatalog catalog, string? etag, FlagsChange change, CancellationToken cancellationToken)
    {
        var @event = new OutboxEvent(change.Type) { Id = $"flags-{catalog.Version}", Subject = change.Key, Payload = change };
        return store.TryTransactAsync([StateOperation.UpsertIfMatch(Key, catalog, etag, @event)], cancellationToken);
    }
}
