using System.Text.Json;
using Dapr;
using Dapr.Client;
using GoLive.Flags.Client;

namespace GoLive.Flags.Catalog;

/// <summary>The port to the catalog's storage: read with a version token, write only if unchanged, with its event.</summary>
internal interface ICatalogStore
{
    Task<(FlagCatalog Catalog, string? ETag)> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Saves the catalog and publishes <paramref name="change"/> atomically; false when the ETag is stale.</summary>
    Task<bool> TrySaveAsync(FlagCatalog catalog, string? etag, FlagsChange change, CancellationToken cancellationToken);
}

/// <summary>
/// The catalog in the Dapr state store under one key. Writes go through a state transaction on a store with the
/// outbox enabled: the upsert is stored, and a projection upsert of the same key makes the published CloudEvent
/// carry the <see cref="FlagsChange"/> (type <c>golive.flags.*</c>) instead of the whole catalog.
/// </summary>
internal sealed class DaprCatalogStore(DaprClient dapr) : ICatalogStore
{
    internal const string StoreName = "statestore";
    internal const string Key = "catalog";

    public async Task<(FlagCatalog Catalog, string? ETag)> LoadAsync(CancellationToken cancellationToken)
    {
        var (catalog, etag) = await dapr.GetStateAndETagAsync<FlagCatalog?>(StoreName, Key, cancellationToken: cancellationToken);
        return (catalog ?? FlagCatalog.Empty, string.IsNullOrEmpty(etag) ? null : etag);
    }

    public async Task<bool> TrySaveAsync(FlagCatalog catalog, string? etag, FlagsChange change, CancellationToken cancellationToken)
    {
        var eventMetadata = new Dictionary<string, string>
        {
            ["cloudevent.type"] = change.Type,
            ["cloudevent.subject"] = change.Key,
            ["cloudevent.id"] = $"flags-{catalog.Version}",
        };
        var operations = new List<StateTransactionRequest>
        {
            new(Key, JsonSerializer.SerializeToUtf8Bytes(catalog, JsonSerializerOptions.Web), StateOperationType.Upsert,
                etag, eventMetadata,
                etag is null ? new StateOptions { Concurrency = ConcurrencyMode.FirstWrite } : null),
            new(Key, JsonSerializer.SerializeToUtf8Bytes(change, JsonSerializerOptions.Web), StateOperationType.Upsert,
                metadata: new Dictionary<string, string>(eventMetadata) { ["outbox.projection"] = "true" }),
        };
        try
        {
            await dapr.ExecuteStateTransactionAsync(StoreName, operations, cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException e) when (IsConcurrencyConflict(e))
        {
            return false;
        }
    }

    private static bool IsConcurrencyConflict(DaprException e) =>
        e.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Aborted or Grpc.Core.StatusCode.FailedPrecondition }
        || e.Message.Contains("etag", StringComparison.OrdinalIgnoreCase);
}
