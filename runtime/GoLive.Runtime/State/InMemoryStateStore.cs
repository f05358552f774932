using System.Collections.Concurrent;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.State;

/// <summary>
/// <c>state.in-memory</c>: lock-free reads from a concurrent map; writes take one lock so that a batch's ETag checks
/// and changes are atomic. Expired keys are invisible at once and swept lazily.
/// </summary>
internal sealed class InMemoryStateStore(TimeProvider time) : IStateStore, IComponentCapabilities
{
    private readonly ConcurrentDictionary<string, StateEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private long _version;
    private long _nextSweep;

    public IReadOnlyList<string> Capabilities { get; } = ["ETAG", "TRANSACTIONAL", "TTL", "ACTOR"];

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Live(key, time.GetUtcNow()));

    public Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_writeLock)
        {
            // Check every operation against the state as the earlier operations of the batch leave it.
            var pending = new Dictionary<string, StateEntry?>(StringComparer.Ordinal);
            foreach (var operation in operations)
            {
                var current = pending.TryGetValue(operation.Key, out var staged) ? staged : Live(operation.Key, now);
                ETagRules.Check(operation, current);
                pending[operation.Key] = operation is StateUpsert upsert
                    ? new StateEntry(upsert.Value, ETagRules.Format(++_version), ExpiryOf(upsert, now))
                    : null;
            }
            foreach (var (key, entry) in pending)
            {
                if (entry is null) _entries.TryRemove(key, out _);
                else _entries[key] = entry;
            }
            SweepExpired(now);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<KeyValuePair<string, StateEntry>> found = _entries
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && (e.Value.ExpiresAt is null || e.Value.ExpiresAt > now))
            .Take(limit).ToArray();
        return Task.FromResult(found);
    }

    internal static DateTimeOffset? ExpiryOf(StateUpsert upsert, DateTimeOffset now) =>
        upsert.Ttl is { } ttl && ttl >= TimeSpan.Zero ? now + ttl : null;

    private StateEntry? Live(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && (entry.ExpiresAt is null || entry.ExpiresAt > now) ? entry : null;

    private void SweepExpired(DateTimeOffset now)
    {
        if (now.UtcTicks < _nextSweep) return;
        _nextSweep = now.UtcTicks + TimeSpan.TicksPerMinute;
        foreach (var (key, entry) in _entries)
            if (entry.ExpiresAt <= now) _entries.TryRemove(new KeyValuePair<string, StateEntry>(key, entry));
    }
}
