using GoLive.DaprAccess.State;

namespace GoLive.Gateway.Tests;

/// <summary>The shared in-memory store whose reads of keys starting with a prefix can be held back, counting them.</summary>
internal sealed class HeldGatewayStore(string prefix) : IStateStore
{
    private TaskCompletionSource _gate = Released();
    private int _reads;

    public InMemoryStateStore Inner { get; } = new();

    public string Name => Inner.Name;

    /// <summary>Holds reads from now on; returns how many have been made since.</summary>
    public Func<int> HoldReads()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _reads, 0);
        return () => Volatile.Read(ref _reads);
    }

    public void ReleaseReads() => _gate.TrySetResult();

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return await Inner.GetAsync<T>(key, cancellationToken);
        }

        Interlocked.Increment(ref _reads);
        var gate = _gate.Task;
        var value = await Inner.GetAsync<T>(key, cancellationToken);
        await gate;
        return value;
    }

    public Task<IReadOnlyDictionary<string, Versioned<T>>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Inner.GetManyAsync<T>(keys, cancellationToken);

    public Task SaveAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Inner.SaveAsync(key, value, ttl, cancellationToken);

    public Task<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Inner.TrySaveAsync(key, value, etag, ttl, cancellationToken);

    public Task<bool> TryDeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default) =>
        Inner.TryDeleteAsync(key, etag, cancellationToken);

    public Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default) =>
        Inner.TryTransactAsync(operations, cancellationToken);

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }
}
