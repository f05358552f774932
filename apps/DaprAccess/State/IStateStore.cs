namespace GoLive.DaprAccess.State;

/// <summary>
/// The port to one Dapr state store: JSON values by key with ETags, first-write inserts, transactions whose upserts
/// may carry the event the change implies (the store's outbox publishes it atomically with the write).
/// <see cref="DaprStateStore"/> goes through the sidecar; tests use <c>GoLive.Testing.InMemoryStateStore</c>, held to
/// the same contract tests.
/// </summary>
public interface IStateStore
{
    /// <summary>The component name (<c>statestore</c>, <c>metricstore</c>).</summary>
    string Name { get; }

    /// <summary>The value and its ETag; both null when the key does not exist.</summary>
    Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>The keys that exist, with values and ETags; missing keys are left out.</summary>
    Task<IReadOnlyDictionary<string, Versioned<T>>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>A plain save, last write wins. Never publishes: on an outbox store only transactions do.</summary>
    Task SaveAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves only if the stored ETag still is <paramref name="etag"/>, or, with a null ETag, only if the key does not
    /// exist; false when another writer got there first.
    /// </summary>
    Task<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key (only at <paramref name="etag"/> when given); false when the ETag no longer matches.</summary>
    Task<bool> TryDeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary>All operations or none; false when a checked operation's ETag or first-write condition fails.</summary>
    Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default);
}

/// <summary>A stored value and the ETag its next checked write must name; both null when the key is missing.</summary>
public readonly record struct Versioned<T>(T? Value, string? ETag)
{
    public bool Exists => ETag is not null;
}

/// <summary>A checked write lost the race: another writer changed the key first.</summary>
public sealed class StateConflictException(string store) : Exception($"A concurrent write to state store '{store}' won; read and try again.");

/// <summary>Conveniences over the port that need no second implementation.</summary>
public static class StateStoreExtensions
{
    /// <summary>The values of the keys that exist.</summary>
    public static async Task<IReadOnlyDictionary<string, T>> GetValuesAsync<T>(this IStateStore store, IReadOnlyCollection<string> keys,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = await store.GetManyAsync<T>(keys, cancellationToken).ConfigureAwait(false);
        return found.Where(item => item.Value.Value is not null).ToDictionary(item => item.Key, item => item.Value.Value!);
    }

    /// <summary>A transaction that must not conflict (no checked operations, or a conflict is a bug).</summary>
    public static async Task TransactAsync(this IStateStore store, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!await store.TryTransactAsync(operations, cancellationToken).ConfigureAwait(false))
        {
            throw new StateConflictException(store.Name);
        }
    }

    public static async Task DeleteAsync(this IStateStore store, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.TryDeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
    }
}
