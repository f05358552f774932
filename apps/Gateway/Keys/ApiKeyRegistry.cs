using GoLive.DaprAccess.State;

namespace GoLive.Gateway.Keys;

/// <summary>
/// Creates, rotates and revokes keys in the state store. Each change is one transaction: the key record (whose outbox event is
/// the secret-free <see cref="ApiKeyChanged"/> projection) and the index of key ids, ETag-checked and retried on a race.
/// </summary>
internal sealed class ApiKeyRegistry(IStateStore store, GatewaySecrets secrets, TimeProvider time)
{
    internal const string IndexKey = "apikey-index";
    internal const string EventType = "golive.gateway.apikey.";
    private const int MaxAttempts = 8;

    private static string RecordKey(string id) => "apikey:" + id;

    public async Task<ApiKey?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetAsync<ApiKey>(RecordKey(id), cancellationToken)).Value;

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string? organizationId, CancellationToken cancellationToken)
    {
        var ids = (await store.GetAsync<List<string>>(IndexKey, cancellationToken)).Value ?? [];
        var keys = await Task.WhenAll(ids.Select(id => FindAsync(id, cancellationToken)));
        return [.. keys.OfType<ApiKey>().Where(k => organizationId is null || k.OrganizationId == organizationId).OrderBy(k => k.CreatedAt)];
    }

    public async Task<IssuedApiKey> CreateAsync(string environment, CreateApiKey request, CancellationToken cancellationToken)
    {
        var pepper = await secrets.PepperAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var id = ApiKeyToken.NewId();
            var token = ApiKeyToken.New(environment, id);
            var key = new ApiKey(id, environment, request.Name!, request.OrganizationId!, [.. request.Scopes!.Distinct()], now, request.ExpiresAt, null,
                [new KeySecret(Convert.ToBase64String(ApiKeyToken.Hash(token, pepper)), now, null)], request.RateLimit, request.Credits);
            var index = await store.GetAsync<List<string>>(IndexKey, cancellationToken);
            if (await TryWriteAsync(key, etag: null, "created", index, [.. index.Value ?? [], id], cancellationToken))
                return new IssuedApiKey(token, ApiKeyView.Of(key));
        }
        throw new InvalidOperationException("The key index kept changing; try again.");
    }

    /// <summary>Adds a new secret; the current ones stay valid for <paramref name="overlap"/>. Null when the key is unknown or revoked.</summary>
    public async Task<IssuedApiKey?> RotateAsync(string id, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var pepper = await secrets.PepperAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (current, etag) = await store.GetAsync<ApiKey>(RecordKey(id), cancellationToken);
            if (current is null || current.RevokedAt is not null) return null;
            var now = time.GetUtcNow();
            var token = ApiKeyToken.New(current.Environment, id);
            var until = now + overlap;
            var kept = current.Secrets
                .Where(s => s.IsValidAt(now))
                .Select(s => s with { ValidUntil = s.ValidUntil is { } v && v < until ? v : until });
            var rotated = current with { Secrets = [.. kept, new KeySecret(Convert.ToBase64String(ApiKeyToken.Hash(token, pepper)), now, null)] };
            if (await TryWriteAsync(rotated, etag, "rotated", null, null, cancellationToken))
                return new IssuedApiKey(token, ApiKeyView.Of(rotated));
        }
        throw new InvalidOperationException("The key kept changing; try again.");
    }

    /// <summary>Revokes every secret of the key at once; revoking twice keeps the first time. Null when the key is unknown.</summary>
    public async Task<ApiKey?> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (current, etag) = await store.GetAsync<ApiKey>(RecordKey(id), cancellationToken);
            if (current is null) return null;
            if (current.RevokedAt is not null) return current;
            var revoked = current with { RevokedAt = time.GetUtcNow() };
            if (await TryWriteAsync(revoked, etag, "revoked", null, null, cancellationToken)) return revoked;
        }
        throw new InvalidOperationException("The key kept changing; try again.");
    }

    // The record's event is the secret-free change, never the stored record (it holds the secrets' hashes).
    private Task<bool> TryWriteAsync(ApiKey key, string? etag, string change, Versioned<List<string>>? index, List<string>? newIndex,
        CancellationToken cancellationToken)
    {
        var changed = new OutboxEvent(EventType + change)
        {
            Subject = key.Id,
            Payload = new ApiKeyChanged(key.Id, key.Prefix, key.OrganizationId, change, time.GetUtcNow()),
        };
        List<StateOperation> operations = [StateOperation.UpsertIfMatch(RecordKey(key.Id), key, etag, changed)];
        if (index is { } i && newIndex is not null)
        {
            operations.Add(StateOperation.UpsertIfMatch(IndexKey, newIndex, i.ETag, new OutboxEvent("golive.gateway.apikey-index.changed")));
        }

        return store.TryTransactAsync(operations, cancellationToken);
    }
}
