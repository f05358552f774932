namespace GoLive.Status.Events;

/// <summary>CloudEvent types Status publishes on <c>status-events</c> through the outbox.</summary>
internal static class StatusEventTypes
{
    public const string IncidentOpened = "golive.status.incident.opened";
    public const string IncidentUpdated = "golive.status.incident.updated";
    public const string IncidentResolved = "golive.status.incident.resolved";
    public const string BurnRateExceeded = "golive.status.slo.burn-rate-exceeded";
}

/// <summary>Payload of <c>golive.status.slo.burn-rate-exceeded</c>.</summary>
internal sealed record BurnRateExceeded(
    string Slo,
    string Title,
    string Component,
    string? Flag,
    string Severity,
    double Factor,
    TimeSpan LongWindow,
    TimeSpan ShortWindow,
    double LongBurnRate,
    double ShortBurnRate,
    DateTimeOffset At);
