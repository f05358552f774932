using System.Text;
using Dapr;
using Dapr.Client;

namespace GoLive.Compliance.Log;

/// <summary>One write of a state transaction: a JSON value, optionally first-write-only, with Dapr metadata; or a delete.</summary>
public sealed record StateWrite(string Key, string Json, bool FirstWrite = false, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public bool Delete { get; init; }

    public static StateWrite Deletion(string key) => new(key, "") { Delete = true };
}

/// <summary>The app's port to its Dapr state store (JSON values by key).</summary>
public interface IStateStore
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Values for the keys that exist.</summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>A plain save (not a transaction, so the outbox publishes nothing).</summary>
    Task SaveAsync(string key, string json, CancellationToken cancellationToken = default);

    /// <summary>All or nothing; false when a first-write key already exists.</summary>
    Task<bool> TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default);
}

/// <summary><see cref="IStateStore"/> on the <c>statestore</c> component (its outbox publishes transaction upserts).</summary>
internal sealed class DaprStateStore(DaprClient dapr) : IStateStore
{
    public const string StoreName = "statestore";

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await GetManyAsync([key], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(key);

    public async Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var items = await dapr.GetBulkStateAsync(StoreName, keys, parallelism: 4, cancellationToken: cancellationToken).ConfigureAwait(false);
        return items.Where(i => !string.IsNullOrEmpty(i.Value)).ToDictionary(i => i.Key, i => i.Value);
    }

    public Task SaveAsync(string key, string json, CancellationToken cancellationToken = default) =>
        dapr.SaveByteStateAsync(StoreName, key, Encoding.UTF8.GetBytes(json), cancellationToken: cancellationToken);

    public async Task<bool> TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        var requests = writes.Select(w => w.Delete
            ? new StateTransactionRequest(w.Key, null, StateOperationType.Delete)
            : new StateTransactionRequest(w.Key, Encoding.UTF8.GetBytes(w.Json), StateOperationType.Upsert,
                metadata: w.Metadata, options: w.FirstWrite ? new StateOptions { Concurrency = ConcurrencyMode.FirstWrite } : null)).ToList();
        try
        {
            await dapr.ExecuteStateTransactionAsync(StoreName, requests, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DaprException e) when (e.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Aborted })
        {
            return false;
        }
    }
}
