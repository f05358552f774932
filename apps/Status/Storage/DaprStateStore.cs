using System.Text.Json;
using Dapr.Client;

namespace GoLive.Status.Storage;

/// <summary>A Dapr state store through the sidecar; values travel as raw JSON bytes so every store keeps them alike.</summary>
internal sealed class DaprStateStore(DaprClient dapr, string storeName) : IStateStore
{
    private static readonly Dictionary<string, string> JsonContent = new() { ["contentType"] = "application/json" };

    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var items = await GetManyAsync<T>([key], cancellationToken);
        return items.TryGetValue(key, out var value) ? value : default;
    }

    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, T>();
        if (keys.Count == 0)
        {
            return result;
        }

        var items = await dapr.GetBulkStateAsync(storeName, keys, parallelism: 4, cancellationToken: cancellationToken);
        foreach (var item in items)
        {
            if (!string.IsNullOrEmpty(item.Value) && JsonSerializer.Deserialize<T>(item.Value, StateJson.Options) is { } value)
            {
                result[item.Key] = value;
            }
        }

        return result;
    }

    // A plain save, not a transaction: on the outbox store only transactions publish.
    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        dapr.SaveByteStateAsync(
            storeName, key, JsonSerializer.SerializeToUtf8Bytes(value, StateJson.Options), metadata: JsonContent, cancellationToken: cancellationToken);

    public Task TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken) =>
        dapr.ExecuteStateTransactionAsync(storeName, [.. writes.Select(ToRequest)], cancellationToken: cancellationToken);

    private static StateTransactionRequest ToRequest(StateWrite write)
    {
        var metadata = new Dictionary<string, string>(JsonContent);
        foreach (var (name, value) in write.Metadata ?? new Dictionary<string, string>())
        {
            metadata[name] = value;
        }

        return write.Value is null
            ? new StateTransactionRequest(write.Key, null, StateOperationType.Delete)
            : new StateTransactionRequest(write.Key, write.Value, StateOperationType.Upsert, metadata: metadata);
    }
}
