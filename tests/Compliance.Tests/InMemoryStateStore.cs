using System.Collections.Concurrent;
using GoLive.Compliance.Log;

namespace GoLive.Compliance.Tests;

/// <summary>A state store in memory for domain tests; <see cref="Values"/> is open so tests can tamper with it.</summary>
internal sealed class InMemoryStateStore : IStateStore
{
    public ConcurrentDictionary<string, string> Values { get; } = new();
    public List<StateWrite> Published { get; } = [];

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(Values.GetValueOrDefault(key));

    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(keys.Where(Values.ContainsKey).ToDictionary(k => k, k => Values[k]));

    public Task SaveAsync(string key, string json, CancellationToken cancellationToken = default)
    {
        Values[key] = json;
        return Task.CompletedTask;
    }

    public Task<bool> TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        lock (Values)
        {
            var stored = writes.Where(w => w.Metadata?.GetValueOrDefault("outbox.projection") != "true").ToList();
            if (stored.Any(w => w.FirstWrite && Values.ContainsKey(w.Key))) return Task.FromResult(false);
            foreach (var write in stored)
            {
                if (write.Delete) Values.TryRemove(write.Key, out _);
                else Values[write.Key] = write.Json;
            }
            Published.AddRange(writes.Where(w => !w.Delete && (w.Metadata?.GetValueOrDefault("outbox.projection") == "true" || !writes.Any(
                p => p.Key == w.Key && p.Metadata?.GetValueOrDefault("outbox.projection") == "true"))));
            return Task.FromResult(true);
        }
    }
}
