using System.Collections.Concurrent;
using System.Text.Json;
using Dapr.Client;
using GoLive.Gateway.Storage;

namespace GoLive.Gateway.Tests;

/// <summary>The store port in memory with real ETag semantics, for domain tests without a sidecar.</summary>
internal sealed class InMemoryGatewayStore : IGatewayStore
{
    readonly ConcurrentDictionary<string, (byte[] Value, long Version)> _items = new();
    long _version;
    public int Writes;

    public Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(key, out var item)
            ? new Versioned<T>(JsonSerializer.Deserialize<T>(item.Value, Serialization.Options), item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new Versioned<T>(default, ""));

    public Task<bool> TrySaveAsync<T>(string key, T value, string etag, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            if (!Matches(key, etag)) return Task.FromResult(false);
            _items[key] = (JsonSerializer.SerializeToUtf8Bytes(value, Serialization.Options), ++_version);
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryTransactAsync(IReadOnlyList<StateTransactionRequest> upserts, CancellationToken cancellationToken)
    {
        lock (_items)
        {
            var stored = upserts.Where(u => u.Metadata?.ContainsKey("outbox.projection") != true).ToList();
            if (!stored.All(u => Matches(u.Key, u.ETag ?? ""))) return Task.FromResult(false);
            foreach (var upsert in stored) _items[upsert.Key] = (upsert.Value ?? [], ++_version);
            return Task.FromResult(true);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    bool Matches(string key, string etag) => _items.TryGetValue(key, out var current)
        ? etag == current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : etag.Length == 0;
}
