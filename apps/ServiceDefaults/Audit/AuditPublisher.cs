using Dapr.Client;

namespace GoLive.ServiceDefaults.Audit;

/// <summary>Where <see cref="AuditClient"/> sends events: topic <c>audit</c> through the sidecar; tests register a recorder.</summary>
public interface IAuditPublisher
{
    Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken);
}

/// <summary>Publishes to <c>pubsub</c>/<c>audit</c> with the event id as CloudEvent id, so redelivery is deduplicated.</summary>
internal sealed class DaprAuditPublisher(DaprClient dapr) : IAuditPublisher
{
    public Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            ["cloudevent.id"] = auditEvent.Id,
            ["cloudevent.type"] = AuditEvent.CloudEventType,
        };
        return dapr.PublishEventAsync(AuditClient.PubSubName, AuditEvent.Topic, auditEvent, metadata, cancellationToken);
    }
}
