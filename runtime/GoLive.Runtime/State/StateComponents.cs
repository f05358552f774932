using GoLive.Runtime.Components;

namespace GoLive.Runtime.State;

public static class StateComponents
{
    /// <summary>Options every store accepts.</summary>
    private static readonly string[] Common = ["keyPrefix", "actorStateStore", "outboxPublishPubsub", "outboxPublishTopic"];

    public static void Register(ComponentTypeRegistry registry)
    {
        registry.Add("state.in-memory", ["v1"], Common,
            (context, _) => ValueTask.FromResult<object>(Wrap(context, new InMemoryStateStore(context.Time))));
        registry.Add("state.sqlite", ["v1"], [.. Common, "connectionString", "tableName", "timeout", "cleanupInterval"],
            async (context, cancellationToken) => Wrap(context, await SqliteStateStore.OpenAsync(context, cancellationToken)));
        registry.Add("state.postgresql", ["v1"], [.. Common, "connectionString", "tableName", "timeout", "cleanupInterval"],
            async (context, cancellationToken) => Wrap(context, await PostgresStateStore.OpenAsync(context, cancellationToken)));
        registry.Add("state.redis", ["v1"], [.. Common, "redisHost", "redisPassword", "redisUsername", "redisDB", "ttlInSeconds"],
            async (context, _) => Wrap(context, await RedisStateStore.OpenAsync(context)));
    }

    private static StateStoreComponent Wrap(ComponentContext context, IStateStore store)
    {
        var keyPrefix = context.Get("keyPrefix") ?? "appid";
        var (pubsub, topic) = (context.Get("outboxPublishPubsub"), context.Get("outboxPublishTopic"));
        if ((pubsub is null) != (topic is null))
            throw context.Invalid("outboxPublishPubsub and outboxPublishTopic go together: set both or neither");
        return new StateStoreComponent(context.Spec.Name, store, keyPrefix, pubsub is null ? null : new OutboxTarget(pubsub, topic!));
    }
}
