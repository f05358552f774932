using System.Globalization;
using System.Text.Json;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.State;

namespace GoLive.Runtime.Actors;

/// <summary>Actor state in the store marked <c>actorStateStore: "true"</c>, under daprd's keys <c>appid||ActorType||ActorId||key</c>.</summary>
internal sealed class ActorStateStore(string name, IStateStore store)
{
    public string Name { get; } = name;
    public IStateStore Store { get; } = store;

    public static ActorStateStore? Find(SidecarContext sidecar)
    {
        foreach (var (spec, component) in sidecar.All<StateStoreComponent>())
        {
            var marked = spec.Metadata.Any(m => m.Name.Equals("actorStateStore", StringComparison.OrdinalIgnoreCase)
                && bool.TryParse(m.Value, out var on) && on);
            if (marked) return new ActorStateStore(component.Name, component.Store);
        }
        return null;
    }

    public static string Key(string appId, string actorType, string actorId, string key) => $"{appId}||{actorType}||{actorId}||{key}";

    public Task<StateEntry?> GetAsync(string appId, string actorType, string actorId, string key, CancellationToken cancellationToken) =>
        Store.GetAsync(Key(appId, actorType, actorId, key), cancellationToken);

    /// <summary>Applies <c>[{operation: upsert|delete, request: {key, value, metadata}}]</c> all-or-nothing.</summary>
    public Task TransactAsync(string appId, string actorType, string actorId, JsonElement operations, CancellationToken cancellationToken)
    {
        if (operations.ValueKind != JsonValueKind.Array) throw DaprErrors.Malformed("actor state transaction must be a JSON array");
        var changes = new List<StateOperation>();
        foreach (var operation in operations.EnumerateArray())
        {
            var kind = operation.TryGetProperty("operation", out var o) ? o.GetString() : null;
            if (!operation.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Object
                || !request.TryGetProperty("key", out var keyElement) || keyElement.GetString() is not { Length: > 0 } key)
            {
                throw DaprErrors.Malformed("each actor state operation needs request.key");
            }

            var fullKey = Key(appId, actorType, actorId, key);
            changes.Add(kind switch
            {
                "upsert" => new StateUpsert(fullKey, request.TryGetProperty("value", out var value) ? JsonSerializer.SerializeToUtf8Bytes(value, ActorJson.Default.JsonElement) : "null"u8.ToArray(),
                    null, false, Ttl(request)),
                "delete" => new StateDelete(fullKey, null, false),
                _ => throw DaprErrors.Malformed($"actor state operation '{kind}' is not upsert or delete"),
            });
        }
        return changes.Count == 0 ? Task.CompletedTask : Store.ApplyAsync(changes, cancellationToken);
    }

    private static TimeSpan? Ttl(JsonElement request)
    {
        if (!request.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("ttlInSeconds", out var ttl))
        {
            return null;
        }

        var text = ttl.ValueKind == JsonValueKind.String ? ttl.GetString() : ttl.GetRawText();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            throw DaprErrors.Malformed($"ttlInSeconds must be an integer, got '{text}'");
        return seconds < 0 ? null : TimeSpan.FromSeconds(seconds);
    }
}
