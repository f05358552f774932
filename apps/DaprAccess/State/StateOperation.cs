namespace GoLive.DaprAccess.State;

/// <summary>
/// One operation of a state transaction: an upsert (unconditional, or checked against an ETag / first-write) or a
/// delete. An upsert may carry the <see cref="OutboxEvent"/> its change implies.
/// </summary>
public sealed record StateOperation
{
    private StateOperation(string key, object? value, bool isDelete)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
        Value = value;
        IsDelete = isDelete;
    }

    public string Key { get; }

    /// <summary>The value to store, serialized with the store's JSON options; null for a delete.</summary>
    public object? Value { get; }

    public bool IsDelete { get; }

    /// <summary>When <see cref="Checked"/>: the ETag the stored value must still have; null means the key must not exist.</summary>
    public string? ETag { get; init; }

    /// <summary>Whether the operation applies only at <see cref="ETag"/> (or, without one, only to a missing key).</summary>
    public bool Checked { get; init; }

    public TimeSpan? Ttl { get; init; }

    /// <summary>The event the outbox publishes for this upsert; without one an outbox store publishes the value itself.</summary>
    public OutboxEvent? Event { get; init; }

    /// <summary>Writes <paramref name="value"/> whatever is stored.</summary>
    public static StateOperation Upsert<T>(string key, T value, OutboxEvent? @event = null, TimeSpan? ttl = null) =>
        new(key, value ?? throw new ArgumentNullException(nameof(value)), isDelete: false) { Event = @event, Ttl = ttl };

    /// <summary>Writes only if the stored ETag is <paramref name="etag"/>; a null ETag means the key must not exist yet.</summary>
    public static StateOperation UpsertIfMatch<T>(string key, T value, string? etag, OutboxEvent? @event = null, TimeSpan? ttl = null) =>
        Upsert(key, value, @event, ttl) with { ETag = etag, Checked = true };

    /// <summary>Writes only if the key does not exist yet (first write wins).</summary>
    public static StateOperation Insert<T>(string key, T value, OutboxEvent? @event = null, TimeSpan? ttl = null) =>
        UpsertIfMatch(key, value, etag: null, @event, ttl);

    public static StateOperation Delete(string key) => new(key, null, isDelete: true);

    /// <summary>Deletes only if the stored ETag is still <paramref name="etag"/>.</summary>
    public static StateOperation DeleteIfMatch(string key, string etag) => Delete(key) with { ETag = etag, Checked = true };
}

/// <summary>
/// The CloudEvent an outbox store publishes with an upsert, in the same transaction. <see cref="Payload"/> replaces the
/// stored value as the event's data (Dapr's outbox projection), so subscribers never see what they must not (secrets,
/// whole documents). <see cref="Id"/> lets consumers deduplicate on a business key; <see cref="Subject"/> names the entity.
/// </summary>
public sealed record OutboxEvent(string Type)
{
    public string? Id { get; init; }

    public string? Subject { get; init; }

    /// <summary>What subscribers receive instead of the stored value; null publishes the stored value.</summary>
    public object? Payload { get; init; }
}
