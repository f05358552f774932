namespace GoLive.Runtime.PubSub;

/// <summary>A message as a broker carries it: the (usually CloudEvent) bytes and their content type.</summary>
public sealed record BrokerMessage(string Topic, ReadOnlyMemory<byte> Data, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// A pub/sub component. A subscription is one consumer group: each message of the topic reaches the handler once per
/// subscription. A handler that returns normally acknowledges the message; one that throws leaves it to the broker's
/// redelivery (none for in-memory).
/// </summary>
public interface IPubSubBroker
{
    Task PublishAsync(BrokerMessage message, CancellationToken cancellationToken);

    IAsyncDisposable Subscribe(string topic, string consumerGroup, Func<BrokerMessage, CancellationToken, Task> handler);
}
