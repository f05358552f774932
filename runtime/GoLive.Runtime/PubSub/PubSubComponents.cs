using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.PubSub;

public static class PubSubComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
        registry.Add("pubsub.in-memory", ["v1"], ["maxConcurrentDeliveries"], (context, _) =>
            ValueTask.FromResult<object>(new InMemoryPubSub(
                context.LoggerFactory.CreateLogger<InMemoryPubSub>(), context.GetInt("maxConcurrentDeliveries", 100))));
        registry.Add("pubsub.redis", ["v1"],
            ["redisHost", "redisPassword", "redisUsername", "redisDB", "consumerID", "concurrency", "queueDepth", "processingTimeout", "redeliverInterval", "maxLenApprox"],
            async (context, _) => await RedisStreamsPubSub.OpenAsync(context));
    }
}
