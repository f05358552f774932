using GoLive.Status.Components;

namespace GoLive.Status.Incidents;

/// <summary>Incident lifecycle, Statuspage style.</summary>
internal enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

internal enum IncidentSeverity
{
    Minor,
    Major,
    Critical,
}

/// <summary>A timestamped public update.</summary>
internal sealed record IncidentUpdate(DateTimeOffset At, IncidentStatus Status, string Message);

/// <summary>
/// An incident as published (page, JSON, feed and events): everything here is public. <c>Slo</c> names the SLO whose
/// burn opened it automatically (null when an operator did).
/// </summary>
internal sealed record Incident(
    string Id,
    string Title,
    IncidentStatus Status,
    IncidentSeverity Severity,
    IReadOnlyList<string> Components,
    IReadOnlyList<IncidentUpdate> Updates,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    string? PostmortemUrl,
    string? Slo)
{
    public bool IsOpen => Status != IncidentStatus.Resolved;

    /// <summary>What an incident of this severity does to its components.</summary>
    public ComponentState Impact => Severity switch
    {
        IncidentSeverity.Critical => ComponentState.MajorOutage,
        IncidentSeverity.Major => ComponentState.PartialOutage,
        _ => ComponentState.DegradedPerformance,
    };
}
