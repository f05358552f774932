using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.PubSub;

/// <summary>The publish API's logic, shared by the HTTP and gRPC front ends of one sidecar.</summary>
internal sealed class PublishService(SidecarContext sidecar, ILogger<PublishService> logger)
{
    public IPubSubBroker Resolve(string pubsubName, string topic)
    {
        if (!sidecar.All<IPubSubBroker>().Any())
            throw new DaprApiException(new("ERR_PUBSUB_NOT_CONFIGURED", "no pubsub is configured", 400, global::Grpc.Core.StatusCode.FailedPrecondition));
        if (string.IsNullOrEmpty(pubsubName))
            throw new DaprApiException(new("ERR_PUBSUB_EMPTY", "pubsub name is empty", 404, global::Grpc.Core.StatusCode.InvalidArgument));
        if (string.IsNullOrEmpty(topic))
            throw new DaprApiException(new("ERR_TOPIC_NAME_EMPTY", $"topic is empty in pubsub {pubsubName}", 404, global::Grpc.Core.StatusCode.InvalidArgument));
        return sidecar.Get<IPubSubBroker>(pubsubName, DaprErrors.PubSubNotFound);
    }

    public Task PublishAsync(Publication publication, CancellationToken cancellationToken)
    {
        var broker = Resolve(publication.PubsubName, publication.Topic);
        return PublishAsync(broker, publication, cancellationToken);
    }

    public async Task PublishAsync(IPubSubBroker broker, Publication publication, CancellationToken cancellationToken)
    {
        var message = CloudEvents.IsRawPayload(publication.Metadata)
            ? new BrokerMessage(publication.Topic, publication.Data, publication.ContentType ?? "application/octet-stream", publication.Metadata)
            : new BrokerMessage(publication.Topic, CloudEvents.Wrap(publication, sidecar.Time.GetUtcNow()), CloudEvents.MediaType, publication.Metadata);
        await ComponentCalls.ExecuteAsync(sidecar, publication.PubsubName, async ct =>
        {
            try
            {
                await broker.PublishAsync(message, ct);
            }
            catch (Exception e) when (e is not DaprApiException and not OperationCanceledException)
            {
                // As a daprd error inside the call, so that outbound resiliency retries it.
                logger.LogWarning(e, "Publishing to {PubSub}/{Topic} failed", publication.PubsubName, publication.Topic);
                throw DaprErrors.Internal("ERR_PUBSUB_PUBLISH_MESSAGE",
                    $"error when publish to topic {publication.Topic} in pubsub {publication.PubsubName}: {e.Message}");
            }
        }, cancellationToken);
    }

    /// <summary>Publishes every entry; returns the ids of those that failed, with the reason.</summary>
    public async Task<IReadOnlyList<(string EntryId, string Error)>> PublishBulkAsync(string pubsubName, string topic,
        IReadOnlyList<(string EntryId, Publication Publication)> entries, CancellationToken cancellationToken)
    {
        var broker = Resolve(pubsubName, topic);
        var outcomes = await Task.WhenAll(entries.Select(async entry =>
        {
            try
            {
                await PublishAsync(broker, entry.Publication, cancellationToken);
                return (entry.EntryId, Error: (string?)null);
            }
            catch (DaprApiException e)
            {
                return (entry.EntryId, Error: e.Error.Message);
            }
        }));
        return outcomes.Where(o => o.Error is not null).Select(o => (o.EntryId, o.Error!)).ToArray();
    }

    public string AppId => sidecar.AppId;
}
