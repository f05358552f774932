using System.Globalization;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace GoLive.DaprAccess.State;

/// <summary>
/// <see cref="IStateStore"/> through the sidecar with the official SDK. Values travel as JSON bytes serialized with the
/// store's options, so every store (SQLite, PostgreSQL, Redis) keeps them alike; outbox events become Dapr's
/// <c>cloudevent.*</c> metadata and an <c>outbox.projection</c> upsert, so no app builds those keys by hand.
/// </summary>
public sealed class DaprStateStore(DaprClient dapr, string name, JsonSerializerOptions json) : IStateStore
{
    private static readonly IReadOnlyDictionary<string, string> JsonContent = new Dictionary<string, string> { ["contentType"] = "application/json" };

    public string Name { get; } = name;

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var (bytes, etag) = await dapr.GetByteStateAndETagAsync(Name, key, ConsistencyMode.Strong, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return bytes.IsEmpty ? default : new(JsonSerializer.Deserialize<T>(bytes.Span, json), NullIfEmpty(etag));
    }

    public async Task<IReadOnlyDictionary<string, Versioned<T>>> GetManyAsync<T>(IReadOnlyCollection<string> keys,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, Versioned<T>>(keys.Count);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        for (var start = 0; start < distinct.Length; start += BulkGetBatchKeys)
        {
            await ReadBatchAsync(distinct.AsMemory(start, Math.Min(BulkGetBatchKeys, distinct.Length - start)), found, cancellationToken)
                .ConfigureAwait(false);
        }

        return found;
    }

    /// <summary>
    /// How many keys one bulk get asks for. daprd answers a bulk get in one message that its <c>--max-body-size</c>
    /// (4 MB by default) bounds, so a long key list is read in batches, and a batch whose reply is still too big is halved.
    /// </summary>
    public const int BulkGetBatchKeys = 100;

    private async Task ReadBatchAsync<T>(ReadOnlyMemory<string> keys, Dictionary<string, Versioned<T>> into, CancellationToken cancellationToken)
    {
        IReadOnlyList<BulkStateItem> items;
        try
        {
            items = await dapr.GetBulkStateAsync(Name, [.. keys.Span], parallelism: 4, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (keys.Length > 1 && IsTooLarge(e))
        {
            var half = keys.Length / 2;
            await ReadBatchAsync(keys[..half], into, cancellationToken).ConfigureAwait(false);
            await ReadBatchAsync(keys[half..], into, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var item in items)
        {
            if (!string.IsNullOrEmpty(item.Value))
            {
                into[item.Key] = new(JsonSerializer.Deserialize<T>(item.Value, json), NullIfEmpty(item.ETag));
            }
        }
    }

    // A reply over the message limit: gRPC ResourceExhausted, from the client's receive limit or the sidecar's send limit.
    private static bool IsTooLarge(Exception e) =>
        (e as RpcException ?? e.InnerException as RpcException) is { StatusCode: StatusCode.ResourceExhausted };

    public Task SaveAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        dapr.SaveByteStateAsync(Name, key, Serialize(value), metadata: Metadata(ttl), cancellationToken: cancellationToken);

    public async Task<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        if (etag is not null)
        {
            return await dapr.TrySaveByteStateAsync(Name, key, Serialize(value), etag, Checked, Metadata(ttl), cancellationToken)
                .ConfigureAwait(false);
        }

        try
        {
            // No ETag: a first write, which the store refuses when the key exists.
            await dapr.SaveByteStateAsync(Name, key, Serialize(value), Checked, Metadata(ttl), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DaprException e) when (IsConflict(e))
        {
            return false;
        }
    }

    public Task<bool> TryDeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default) =>
        etag is null
            ? DeleteAsync(key, cancellationToken)
            : dapr.TryDeleteStateAsync(Name, key, etag, Checked, cancellationToken: cancellationToken);

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        try
        {
            await dapr.ExecuteStateTransactionAsync(Name, [.. operations.SelectMany(ToRequests)], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (DaprException e) when (IsConflict(e))
        {
            return false;
        }
    }

    private async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await dapr.DeleteStateAsync(Name, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private IEnumerable<StateTransactionRequest> ToRequests(StateOperation operation)
    {
        var options = operation.Checked ? Checked : null;
        if (operation.IsDelete)
        {
            yield return new(operation.Key, null, StateOperationType.Delete, operation.ETag, options: options);
            yield break;
        }

        var metadata = new Dictionary<string, string>(Metadata(operation.Ttl));
        if (operation.Event is { } @event)
        {
            AddEnvelope(metadata, @event);
        }

        yield return new(operation.Key, Serialize(operation.Value), StateOperationType.Upsert, operation.ETag, metadata, options);
        if (operation.Event?.Payload is { } payload)
        {
            // Dapr's outbox projection: same key, published instead of the stored value, never stored itself.
            var projection = new Dictionary<string, string>(JsonContent) { ["outbox.projection"] = "true" };
            AddEnvelope(projection, operation.Event);
            yield return new(operation.Key, Serialize(payload), StateOperationType.Upsert, metadata: projection);
        }
    }

    private static void AddEnvelope(Dictionary<string, string> metadata, OutboxEvent @event)
    {
        metadata["cloudevent.type"] = @event.Type;
        if (@event.Id is { } id)
        {
            metadata["cloudevent.id"] = id;
        }

        if (@event.Subject is { } subject)
        {
            metadata["cloudevent.subject"] = subject;
        }
    }

    private byte[] Serialize<T>(T value) =>
        value is null ? throw new ArgumentNullException(nameof(value)) : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);

    private static IReadOnlyDictionary<string, string> Metadata(TimeSpan? ttl) => ttl is { } t
        ? new Dictionary<string, string>(JsonContent)
        {
            ["ttlInSeconds"] = ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        }
        : JsonContent;

    // First-write concurrency: with an ETag the write needs it to match; without one the key must not exist yet.
    private static readonly StateOptions Checked = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    private static string? NullIfEmpty(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    // daprd and the local runtime answer an ETag mismatch or a first-write on an existing key with gRPC Aborted.
    private static bool IsConflict(DaprException e) =>
        e.InnerException is RpcException { StatusCode: StatusCode.Aborted or StatusCode.FailedPrecondition };
}
