using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using GoLive.DaprAccess.State;

namespace GoLive.Testing;

/// <summary>
/// <see cref="IStateStore"/> in memory, behaving like the runtime's stores: a store-wide version counter as ETags,
/// first-write inserts, all-or-nothing transactions, TTLs on <see cref="TimeProvider"/>, and the events an outbox would
/// publish (<see cref="Published"/>). Held to the same contract tests as the sidecar (<c>tests/Dapr.Tests</c>). Test
/// hooks: <see cref="Values"/> (read or tamper with stored JSON), <see cref="Fail"/> (the store is down),
/// <see cref="Writes"/> (write calls made).
/// </summary>
public sealed class InMemoryStateStore(string name = "statestore", JsonSerializerOptions? json = null, TimeProvider? time = null) : IStateStore
{
    private readonly JsonSerializerOptions _json = json ?? JsonSerializerOptions.Web;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Item> _items = new();
    private readonly Lock _writer = new();
    private long _version;
    private int _writes;

    public string Name { get; } = name;

    /// <summary>The stored JSON by key (expired items left out); setting a value replaces it as a plain save would.</summary>
    public IDictionary<string, string> Values => new ValueView(this);

    /// <summary>What the outbox would have published, in commit order.</summary>
    public ConcurrentQueue<PublishedEvent> Published { get; } = new();

    /// <summary>
    /// A stand-in topic: called after each commit with every event it published, in order, as a subscriber receiving
    /// the outbox's deliveries would be (each a fresh copy of the data).
    /// </summary>
    public Func<PublishedEvent, Task>? Deliver { get; set; }

    /// <summary>While true every call throws, as when the sidecar or the store is down.</summary>
    public bool Fail { get; set; }

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>
    /// The largest write (a save or a whole transaction, in JSON bytes) accepted: daprd's default <c>--max-body-size</c>,
    /// 4 MB, so a design that daprd would refuse fails here first.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>The live keys that start with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Keys(string prefix = "") =>
        _items.Where(item => item.Key.StartsWith(prefix, StringComparison.Ordinal) && Live(item.Value)).Select(item => item.Key);

    public Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(_items.TryGetValue(key, out var item) && Live(item)
            ? new Versioned<T>(JsonSerializer.Deserialize<T>(item.Json, _json), item.ETag)
            : default);
    }

    public Task<IReadOnlyDictionary<string, Versioned<T>>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var found = new Dictionary<string, Versioned<T>>();
        foreach (var key in keys.Distinct())
        {
            if (_items.TryGetValue(key, out var item) && Live(item))
            {
                found[key] = new(JsonSerializer.Deserialize<T>(item.Json, _json), item.ETag);
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, Versioned<T>>>(found);
    }

    public Task SaveAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Apply([StateOperation.Upsert(key, value, ttl: ttl)], publish: false) is not null);

    public Task<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Apply([StateOperation.UpsertIfMatch(key, value, etag, ttl: ttl)], publish: false) is not null);

    public Task<bool> TryDeleteAsync(string key, string? etag = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Apply([etag is null ? StateOperation.Delete(key) : StateOperation.DeleteIfMatch(key, etag)], publish: false) is not null);

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken = default)
    {
        if (Apply(operations, publish: true) is not { } published)
        {
            return false;
        }

        foreach (var @event in published)
        {
            if (Deliver is { } deliver)
            {
                await deliver(@event with { Data = @event.Data.Clone() });
            }
        }

        return true;
    }

    // The events published, or null when a check failed and nothing was written.
    private List<PublishedEvent>? Apply(IReadOnlyList<StateOperation> operations, bool publish)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _writes);
        var serialized = operations.Select(o => o.IsDelete ? null : JsonSerializer.Serialize(o.Value, o.Value!.GetType(), _json)).ToList();
        var bytes = serialized.Sum(json => json is null ? 0L : System.Text.Encoding.UTF8.GetByteCount(json));
        if (bytes > MaxRequestBytes)
        {
            throw new InvalidOperationException(
                $"A write of {bytes:N0} bytes to state store '{Name}' is over daprd's {MaxRequestBytes:N0}-byte request limit (test).");
        }

        var published = new List<PublishedEvent>();
        lock (_writer)
        {
            if (!operations.All(Holds))
            {
                return null;
            }

            foreach (var (operation, stored) in operations.Zip(serialized))
            {
                if (operation.IsDelete)
                {
                    _items.TryRemove(operation.Key, out _);
                    continue;
                }

                _items[operation.Key] = new(stored!, NextETag(), operation.Ttl is { } ttl ? _time.GetUtcNow() + ttl : null);
                if (publish)
                {
                    var data = operation.Event?.Payload is { } payload ? JsonSerializer.SerializeToElement(payload, payload.GetType(), _json)
                        : JsonDocument.Parse(stored!).RootElement.Clone();
                    var @event = new PublishedEvent(operation.Event?.Type ?? "com.dapr.event.sent", operation.Event?.Id, operation.Event?.Subject,
                        operation.Key, data);
                    Published.Enqueue(@event);
                    published.Add(@event);
                }
            }

            return published;
        }
    }

    private bool Holds(StateOperation operation)
    {
        if (!operation.Checked)
        {
            return true;
        }

        var exists = _items.TryGetValue(operation.Key, out var current) && Live(current);
        return operation.ETag is null ? !exists : exists && current!.ETag == operation.ETag;
    }

    private string NextETag() => (++_version).ToString(CultureInfo.InvariantCulture);

    private bool Live(Item item) => item.ExpiresAt is not { } at || at > _time.GetUtcNow();

    private void ThrowIfFailing()
    {
        if (Fail)
        {
            throw new InvalidOperationException($"State store '{Name}' is down (test).");
        }
    }

    private sealed record Item(string Json, string ETag, DateTimeOffset? ExpiresAt);

    /// <summary>The stored values as JSON text, for tests that read or tamper with them.</summary>
    private sealed class ValueView(InMemoryStateStore store) : IDictionary<string, string>
    {
        public string this[string key]
        {
            get => TryGetValue(key, out var json) ? json : throw new KeyNotFoundException(key);
            set
            {
                lock (store._writer)
                {
                    store._items[key] = new(value, store.NextETag(), null);
                }
            }
        }

        public ICollection<string> Keys => [.. store.Keys()];
        public ICollection<string> Values => [.. Keys.Select(k => this[k])];
        public int Count => Keys.Count;
        public bool IsReadOnly => false;
        public void Add(string key, string value) => this[key] = value;
        public void Add(KeyValuePair<string, string> item) => this[item.Key] = item.Value;
        public void Clear() => store._items.Clear();
        public bool Contains(KeyValuePair<string, string> item) => TryGetValue(item.Key, out var json) && json == item.Value;
        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex) => this.ToList().CopyTo(array, arrayIndex);
        public bool Remove(string key) => store._items.TryRemove(key, out _);
        public bool Remove(KeyValuePair<string, string> item) => Contains(item) && Remove(item.Key);

        public bool TryGetValue(string key, out string value)
        {
            var found = store._items.TryGetValue(key, out var item) && store.Live(item);
            value = found ? item!.Json : "";
            return found;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
            store.Keys().Select(k => new KeyValuePair<string, string>(k, this[k])).ToList().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>An event the outbox would have published: its CloudEvent type, id and subject, the key written and the data.</summary>
public sealed record PublishedEvent(string Type, string? Id, string? Subject, string Key, JsonElement Data);
