namespace GoLive.Status.Components;

/// <summary>A component shown on the page (section <c>Status:Components</c>); samples must name one.</summary>
internal sealed class ComponentDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
}

/// <summary>Section <c>Status</c>: the component list.</summary>
internal sealed class StatusComponentsOptions
{
    public List<ComponentDefinition> Components { get; set; } = [];

    public IReadOnlySet<string> Ids => Components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Statuspage component states, worst last.</summary>
public enum ComponentState
{
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

internal static class ComponentStates
{
    /// <summary>The Statuspage spelling (<c>degraded_performance</c>, …).</summary>
    public static string Wire(this ComponentState state) => state switch
    {
        ComponentState.Operational => "operational",
        ComponentState.UnderMaintenance => "under_maintenance",
        ComponentState.DegradedPerformance => "degraded_performance",
        ComponentState.PartialOutage => "partial_outage",
        _ => "major_outage",
    };

    public static string Label(this ComponentState state) => state switch
    {
        ComponentState.Operational => "Operational",
        ComponentState.UnderMaintenance => "Under maintenance",
        ComponentState.DegradedPerformance => "Degraded performance",
        ComponentState.PartialOutage => "Partial outage",
        _ => "Major outage",
    };
}
