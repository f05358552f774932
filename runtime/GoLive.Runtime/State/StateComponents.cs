using GoLive.Runtime.Components;

namespace GoLive.Runtime.State;

public static class StateComponents
{
    /// <summary>Options every store accepts. The outbox options are refused until the outbox is implemented.</summary>
    static readonly string[] Common = ["keyPrefix", "actorStateStore"];

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

    static StateStoreComponent Wrap(ComponentContext context, IStateStore store)
    {
        var keyPrefix = context.Get("keyPrefix") ?? "appid";
        return new StateStoreComponent(context.Spec.Name, store, keyPrefix);
    }
}
