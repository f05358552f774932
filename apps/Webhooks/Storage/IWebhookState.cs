namespace GoLive.Webhooks.Storage;

/// <summary>
/// The app's port to the Dapr state store: keyed JSON documents with ETags, and one write that also publishes an
/// event through the transactional outbox.
/// </summary>
public interface IWebhookState
{
    Task<(T? Value, string? ETag)> GetAsync<T>(string key, CancellationToken cancellationToken);

    Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken);

    /// <summary>Saves only if the stored ETag still is <paramref name="etag"/> (null: only if the key is absent).</summary>
    Task<bool> TrySaveAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Saves the document and publishes <paramref name="event"/> atomically with it (outbox).</summary>
    Task SaveAndPublishAsync<T>(string key, T value, OutboxEvent @event, CancellationToken cancellationToken);
}

/// <summary>An event published with a state write: its CloudEvent type and id, and the payload subscribers see.</summary>
public sealed record OutboxEvent(string Type, string Id, object Payload);
