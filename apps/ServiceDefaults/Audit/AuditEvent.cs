using GoLive.DaprAccess;

namespace GoLive.ServiceDefaults.Audit;

/// <summary>
/// One thing that happened, as every GoLive service reports it to the Compliance audit log (topic <c>audit</c>).
/// <see cref="Actor"/>, <see cref="Subject"/> and <see cref="Details"/> are personal data: the log commits to a salted
/// hash of them so they can later be replaced by a pseudonym without breaking its proofs. Keep personal data out of
/// <see cref="Resource"/>, <see cref="Action"/> and <see cref="Purpose"/> (use ids, not names or emails).
/// </summary>
/// <param name="Id">Unique per event; the log appends an id once, however often it is delivered.</param>
/// <param name="Source">The app id that reports it.</param>
/// <param name="Actor">Who did it: a user id, an API key id or <c>service:&lt;appid&gt;</c>.</param>
/// <param name="Action">What was done, dotted lower case (<c>payout.approved</c>, <c>pii.read</c>).</param>
/// <param name="Resource">What it was done to (<c>payouts/po_123</c>).</param>
/// <param name="Subject">The data subject whose personal data was involved, when one was.</param>
/// <param name="Purpose">Why (the processing purpose, e.g. <c>fraud-review</c>, <c>support</c>).</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="CorrelationId">The request's correlation id, to tie the event to a case.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Details">Optional extra facts (e.g. the personal fields read); treated as personal data.</param>
public sealed record AuditEvent(
    string Id,
    string Source,
    string Actor,
    string Action,
    string Resource,
    string? Subject,
    string? Purpose,
    string Outcome,
    string? CorrelationId,
    DateTimeOffset Time,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>The topic every service publishes audit events to, on the <c>pubsub</c> component.</summary>
    public const string Topic = Topics.Audit;

    /// <summary>The CloudEvent type of an audit event.</summary>
    public const string CloudEventType = "golive.audit.event.recorded";

    /// <summary>The action of a personal-data read (the PII access log).</summary>
    public const string PiiReadAction = "pii.read";
}

/// <summary>The allowed <see cref="AuditEvent.Outcome"/> values.</summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";

    public static bool IsKnown(string? outcome) => outcome is Success or Failure or Denied;
}
