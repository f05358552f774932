using System.Collections.Concurrent;
using System.Text.Json;
using GoLive.Status.Storage;

namespace GoLive.Status.Tests.Infrastructure;

/// <summary>A state store in memory that records the events its outbox would publish; can be told to fail.</summary>
internal sealed class InMemoryStateStore : IStateStore
{
    public ConcurrentDictionary<string, byte[]> Items { get; } = new();
    public ConcurrentQueue<(string Type, string Key, JsonElement Data)> Published { get; } = new();
    public bool Fail { get; set; }
    public int Writes;

    public Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Items.TryGetValue(key, out var bytes) ? JsonSerializer.Deserialize<T>(bytes, StateJson.Options) : default);

    public Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        IReadOnlyDictionary<string, T> found = keys
            .Where(Items.ContainsKey)
            .ToDictionary(k => k, k => JsonSerializer.Deserialize<T>(Items[k], StateJson.Options)!);
        return Task.FromResult(found);
    }

    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref Writes);
        Items[key] = JsonSerializer.SerializeToUtf8Bytes(value, StateJson.Options);
        return Task.CompletedTask;
    }

    public Task TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref Writes);
        lock (Items)
        {
            foreach (var write in writes)
            {
                if (write.Value is null)
                {
                    Items.TryRemove(write.Key, out _);
                    continue;
                }

                Items[write.Key] = write.Value;
                if (write.Metadata?.GetValueOrDefault("cloudevent.type") is { } type)
                {
                    Published.Enqueue((type, write.Key, JsonDocument.Parse(write.Value).RootElement.Clone()));
                }
            }
        }

        return Task.CompletedTask;
    }

    public IEnumerable<string> Keys(string prefix) => Items.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private void ThrowIfFailing()
    {
        if (Fail)
        {
            throw new InvalidOperationException("store down (test)");
        }
    }
}
