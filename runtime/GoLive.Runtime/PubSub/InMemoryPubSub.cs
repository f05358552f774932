using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.PubSub;

/// <summary>
/// <c>pubsub.in-memory</c>. Unlike daprd's broker, which lives inside one sidecar process, this instance is shared by
/// every sidecar of the <see cref="Sidecar.RuntimeHost"/>, so one local app's events reach another app's subscriptions.
/// Messages are not persisted: a message whose handler fails is gone (after the subscription's retries), as in daprd.
/// </summary>
internal sealed class InMemoryPubSub(ILogger<InMemoryPubSub> logger, int maxConcurrentDeliveries) : IPubSubBroker, IComponentCapabilities, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Subscription>> _topics = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Capabilities { get; } = [];

    public Task PublishAsync(BrokerMessage message, CancellationToken cancellationToken)
    {
        if (_topics.TryGetValue(message.Topic, out var subscriptions))
            foreach (var subscription in subscriptions) subscription.Enqueue(message);
        return Task.CompletedTask;
    }

    public IAsyncDisposable Subscribe(string topic, string consumerGroup, Func<BrokerMessage, CancellationToken, Task> handler)
    {
        var subscription = new Subscription(this, topic, consumerGroup, handler, maxConcurrentDeliveries, logger);
        _topics.AddOrUpdate(topic, [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    private void Remove(Subscription subscription) =>
        _topics.AddOrUpdate(subscription.Topic, [], (_, list) => list.Remove(subscription));

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _topics.Values.SelectMany(s => s).ToArray()) await subscription.DisposeAsync();
    }

    /// <summary>One consumer: a queue drained by a loop that runs up to N handlers at once (order is not guaranteed, as in daprd).</summary>
    private sealed class Subscription : IAsyncDisposable
    {
        private readonly InMemoryPubSub _owner;
        private readonly Func<BrokerMessage, CancellationToken, Task> _handler;
        private readonly Channel<BrokerMessage> _queue = Channel.CreateUnbounded<BrokerMessage>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SemaphoreSlim _slots;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly ILogger _logger;
        private readonly string _consumerGroup;

        public Subscription(InMemoryPubSub owner, string topic, string consumerGroup, Func<BrokerMessage, CancellationToken, Task> handler, int concurrency, ILogger logger)
        {
            _owner = owner;
            Topic = topic;
            _consumerGroup = consumerGroup;
            _handler = handler;
            _logger = logger;
            _slots = new SemaphoreSlim(concurrency);
            _loop = Task.Run(DrainAsync);
        }

        public string Topic { get; }

        public void Enqueue(BrokerMessage message) => _queue.Writer.TryWrite(message);

        private async Task DrainAsync()
        {
            try
            {
                await foreach (var message in _queue.Reader.ReadAllAsync(_stop.Token))
                {
                    await _slots.WaitAsync(_stop.Token);
                    _ = HandleAsync(message);
                }
            }
            catch (OperationCanceledException) { /* unsubscribed */ }
        }

        private async Task HandleAsync(BrokerMessage message)
        {
            try
            {
                await _handler(message, _stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "In-memory pub/sub lost a message on {Topic} for {ConsumerGroup}: its handler failed", Topic, _consumerGroup);
            }
            catch (OperationCanceledException) { /* stopping */ }
            finally
            {
                _slots.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _owner.Remove(this);
            _queue.Writer.TryComplete();
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
