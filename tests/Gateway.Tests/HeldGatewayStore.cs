using GoLive.Gateway.Storage;

namespace GoLive.Gateway.Tests;

/// <summary>The in-memory store whose reads of keys starting with a prefix can be held back, counting them.</summary>
internal sealed class HeldGatewayStore(string prefix) : IGatewayStore
{
    public InMemoryGatewayStore Inner { get; } = new();
    TaskCompletionSource _gate = Released();
    int _reads;

    static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>Holds reads from now on; returns how many have been made since.</summary>
    public Func<int> HoldReads()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _reads, 0);
        return () => Volatile.Read(ref _reads);
    }

    public void ReleaseReads() => _gate.TrySetResult();

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        if (key.StartsWith(prefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _reads);
            var gate = _gate.Task;
            var value = await Inner.GetAsync<T>(key, cancellationToken);
            await gate;
            return value;
        }
        return await Inner.GetAsync<T>(key, cancellationToken);
    }

    public Task<bool> TrySaveAsync<T>(string key, T value, string etag, TimeSpan? ttl, CancellationToken cancellationToken) =>
        Inner.TrySaveAsync(key, value, etag, ttl, cancellationToken);

    public Task<bool> TryTransactAsync(IReadOnlyList<Dapr.Client.StateTransactionRequest> upserts, CancellationToken cancellationToken) =>
        Inner.TryTransactAsync(upserts, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => Inner.DeleteAsync(key, cancellationToken);
}
