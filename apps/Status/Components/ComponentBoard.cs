using GoLive.Status.Incidents;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Components;

/// <summary>A component's state now and its uptime by day.</summary>
internal sealed record ComponentView(ComponentDefinition Definition, ComponentState State, IReadOnlyList<DayUptime> Uptime)
{
    public double UptimePercent => Uptime.Count == 0 ? 100 : Uptime.Average(d => d.Percent);
}

/// <summary>
/// Derives component states: under maintenance during a window, else the worst impact of its open incidents
/// (critical → major outage, major → partial outage, minor → degraded performance), else operational.
/// </summary>
internal sealed class ComponentBoard(
    IOptionsMonitor<StatusComponentsOptions> options, IncidentBook incidents, MaintenanceSchedule maintenance, TimeProvider time)
{
    public const int UptimeDays = 90;

    public IReadOnlyList<ComponentView> Views()
    {
        var now = time.GetUtcNow();
        return [.. options.CurrentValue.Components.Select(c => View(c, now))];
    }

    public ComponentState StateOf(string component, DateTimeOffset now)
    {
        if (maintenance.IsUnderMaintenance(component, now))
        {
            return ComponentState.UnderMaintenance;
        }

        return incidents.Open.Where(i => i.Components.Contains(component)).Select(i => i.Impact).DefaultIfEmpty().Max();
    }

    private ComponentView View(ComponentDefinition component, DateTimeOffset now)
    {
        var spans = incidents.All
            .Where(i => i.Components.Contains(component.Id))
            .Select(i => new StateSpan(i.CreatedAt, i.ResolvedAt, i.Impact))
            .Concat(maintenance.SpansOf(component.Id))
            .ToList();
        return new ComponentView(component, StateOf(component.Id, now), Uptime.Daily(spans, now, UptimeDays));
    }
}
