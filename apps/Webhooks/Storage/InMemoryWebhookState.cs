using System.Collections.Concurrent;
using System.Text.Json;

namespace GoLive.Webhooks.Storage;

/// <summary>The state port in memory, with the same ETag rules; for tests and benchmarks. Records outbox events.</summary>
public sealed class InMemoryWebhookState : IWebhookState
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, (byte[] Value, string ETag)> _items = new();
    private readonly Lock _gate = new();
    private long _version;

    public ConcurrentQueue<OutboxEvent> Published { get; } = new();

    public Task<(T? Value, string? ETag)> GetAsync<T>(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(key, out var item)
            ? (JsonSerializer.Deserialize<T>(item.Value, Json), item.ETag)
            : (default(T), (string?)null));

    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _items[key] = (JsonSerializer.SerializeToUtf8Bytes(value, Json), NextETag());
        }

        return Task.CompletedTask;
    }

    public Task<bool> TrySaveAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var exists = _items.TryGetValue(key, out var current);
            if (etag is null ? exists : !exists || current.ETag != etag)
            {
                return Task.FromResult(false);
            }

            _items[key] = (JsonSerializer.SerializeToUtf8Bytes(value, Json), NextETag());
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public async Task SaveAndPublishAsync<T>(string key, T value, OutboxEvent @event, CancellationToken cancellationToken)
    {
        await SaveAsync(key, value, cancellationToken);
        Published.Enqueue(@event);
    }

    private string NextETag() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
