using GoLive.Status.Components;
using GoLive.Status.Incidents;

namespace GoLive.Status.Page;

/// <summary>The Statuspage-style <c>/api/v2/summary.json</c>: page, overall status, components, unresolved incidents, maintenance, SLIs.</summary>
internal static class SummaryJson
{
    public sealed record PageInfo(string Name, string Url, DateTimeOffset UpdatedAt);
    public sealed record OverallStatus(string Indicator, string Description);
    public sealed record ComponentInfo(string Id, string Name, string? Description, string Status, double Uptime90d);
    public sealed record UpdateInfo(DateTimeOffset CreatedAt, string Status, string Body);
    public sealed record IncidentInfo(string Id, string Name, string Status, string Impact, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResolvedAt, string Shortlink, string? PostmortemUrl, IReadOnlyList<string> Components, IReadOnlyList<UpdateInfo> IncidentUpdates);
    public sealed record MaintenanceInfo(string Id, string Name, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil, IReadOnlyList<string> Components);
    public sealed record IndicatorInfo(string Id, string Name, string Value, string Objective, bool Met);
    public sealed record Summary(PageInfo Page, OverallStatus Status, IReadOnlyList<ComponentInfo> Components, IReadOnlyList<IncidentInfo> Incidents, IReadOnlyList<MaintenanceInfo> ScheduledMaintenances, IReadOnlyList<IndicatorInfo> Indicators);

    public static Summary From(StatusSnapshot snapshot, string baseUrl) => new(
        new PageInfo(snapshot.Title, baseUrl + "/status", snapshot.GeneratedAt),
        Overall(snapshot),
        [.. snapshot.Components.Select(c => new ComponentInfo(c.Definition.Id, c.Definition.Name, c.Definition.Description, c.State.Wire(), Math.Round(c.UptimePercent, 3)))],
        [.. snapshot.Open.Select(i => Incident(i, baseUrl))],
        [.. snapshot.Maintenance.Select(m => new MaintenanceInfo(m.Id, m.Title, m.StartsAt, m.EndsAt, m.Components))],
        [.. snapshot.Tiles.Select(t => new IndicatorInfo(t.Id, t.Title, t.Value, t.Objective, t.Healthy))]);

    public static IncidentInfo Incident(Incident incident, string baseUrl) => new(
        incident.Id, incident.Title, Snake(incident.Status.ToString()), Snake(incident.Severity.ToString()),
        incident.CreatedAt, incident.UpdatedAt, incident.ResolvedAt, $"{baseUrl}/status/incidents/{incident.Id}", incident.PostmortemUrl,
        incident.Components, [.. incident.Updates.Reverse().Select(u => new UpdateInfo(u.At, Snake(u.Status.ToString()), u.Message))]);

    // Statuspage's indicator scale: none, minor, major, critical.
    private static OverallStatus Overall(StatusSnapshot snapshot) => snapshot.Overall switch
    {
        ComponentState.MajorOutage => new("critical", "Major System Outage"),
        ComponentState.PartialOutage => new("major", "Partial System Outage"),
        ComponentState.DegradedPerformance => new("minor", "Minor Service Outage"),
        _ => new("none", "All Systems Operational"),
    };

    private static string Snake(string name) => name.ToLowerInvariant();
}
