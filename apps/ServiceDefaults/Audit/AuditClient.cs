using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using GoLive.DaprAccess;

namespace GoLive.ServiceDefaults.Audit;

/// <summary>
/// Emits audit events to the Compliance log in one call. Registered by <c>AddServiceDefaults</c>; inject it anywhere.
/// <example><c>await audit.RecordAsync("user:42", "payout.approved", "payouts/po_1", purpose: "payouts");</c></example>
/// The correlation id comes from the current request and the time from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AuditClient(IAuditPublisher publisher, IHttpContextAccessor httpContext, TimeProvider time, IConfiguration configuration,
    IHostEnvironment environment)
{
    /// <summary>The pub/sub component audit events go through.</summary>
    public const string PubSubName = Components.PubSub;

    /// <summary>Records that <paramref name="actor"/> did <paramref name="action"/> to <paramref name="resource"/>.</summary>
    public Task<AuditEvent> RecordAsync(string actor, string action, string resource, string? subject = null, string? purpose = null,
        string outcome = AuditOutcomes.Success, IReadOnlyDictionary<string, string>? details = null, CancellationToken cancellationToken = default) =>
        PublishAsync(Create(actor, action, resource, subject, purpose, outcome, details), cancellationToken);

    /// <summary>
    /// Records a read of <paramref name="subject"/>'s personal data (the PII access log): which <paramref name="fields"/>
    /// of <paramref name="resource"/>, by whom and why.
    /// </summary>
    public Task<AuditEvent> RecordPersonalDataReadAsync(string actor, string subject, string resource, string purpose,
        IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        RecordAsync(actor, AuditEvent.PiiReadAction, resource, subject, purpose, AuditOutcomes.Success,
            new Dictionary<string, string> { ["fields"] = string.Join(',', fields) }, cancellationToken);

    /// <summary>Builds an event stamped with a new id, this app, the request's correlation id and the current time.</summary>
    public AuditEvent Create(string actor, string action, string resource, string? subject = null, string? purpose = null,
        string outcome = AuditOutcomes.Success, IReadOnlyDictionary<string, string>? details = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        if (!AuditOutcomes.IsKnown(outcome)) throw new ArgumentException($"Unknown outcome '{outcome}'.", nameof(outcome));

        var correlationId = httpContext.HttpContext?.GetCorrelationId();
        return new AuditEvent(Guid.CreateVersion7().ToString("N"), Source, actor, action, resource, subject, purpose, outcome,
            correlationId, time.GetUtcNow(), details);
    }

    /// <summary>Publishes an event as a CloudEvent whose id is the event id (so redelivery is deduplicated).</summary>
    public async Task<AuditEvent> PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await publisher.PublishAsync(auditEvent, cancellationToken);
        return auditEvent;
    }

    private string Source =>
        configuration["APP_ID"] is { Length: > 0 } appId ? appId : environment.ApplicationName;
}
