using GoLive.DaprAccess.State;

namespace GoLive.Status.Components;

/// <summary>A scheduled maintenance window: shown on the page, excluded from uptime and from alerting.</summary>
internal sealed record MaintenanceWindow(string Id, string Title, IReadOnlyList<string> Components, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Description);

/// <summary>The maintenance windows, kept in memory and saved whole under one key of the state store.</summary>
internal sealed class MaintenanceSchedule(IStateStore store)
{
    public const string Key = "maintenance-windows";
    private volatile IReadOnlyList<MaintenanceWindow> _windows = [];

    public IReadOnlyList<MaintenanceWindow> All => _windows;

    public bool IsUnderMaintenance(string component, DateTimeOffset at) =>
        _windows.Any(w => w.Components.Contains(component) && w.StartsAt <= at && at < w.EndsAt);

    public IEnumerable<StateSpan> SpansOf(string component) =>
        _windows.Where(w => w.Components.Contains(component)).Select(w => new StateSpan(w.StartsAt, w.EndsAt, ComponentState.UnderMaintenance));

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        _windows = (await store.GetAsync<List<MaintenanceWindow>>(Key, cancellationToken)).Value ?? [];

    public async Task AddAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        var updated = _windows.Append(window).OrderBy(w => w.StartsAt).ToList();
        await store.SaveAsync(Key, updated, cancellationToken: cancellationToken);
        _windows = updated;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var updated = _windows.Where(w => w.Id != id).ToList();
        if (updated.Count == _windows.Count)
        {
            return false;
        }

        await store.SaveAsync(Key, updated, cancellationToken: cancellationToken);
        _windows = updated;
        return true;
    }
}
