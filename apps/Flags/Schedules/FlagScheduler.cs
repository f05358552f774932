using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.Flags.Rollouts;

namespace GoLive.Flags.Schedules;

/// <summary>
/// Applies scheduled changes whose time has come and advances rollouts whose step has dwelt long enough.
/// Runs every second on the <see cref="TimeProvider"/>; <see cref="RunDueAsync"/> is the whole of one pass.
/// </summary>
internal sealed partial class FlagScheduler(CatalogEditor editor, TimeProvider time, ILogger<FlagScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Applies everything due now; returns the changes made.</summary>
    public async Task<IReadOnlyList<FlagsChange>> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var catalog = await editor.ReadAsync(cancellationToken);
        var changes = new List<FlagsChange>();
        foreach (var schedule in catalog.Schedules.Where(s => s.ApplyAt <= now))
        {
            var (change, _) = await editor.EditAsync(c => ApplySchedule(c, schedule.Id),
                new ChangeAuthor(schedule.Actor, schedule.Reason ?? $"scheduled change {schedule.Id}"), cancellationToken);
            changes.AddRange(change is null ? [] : [change]);
        }

        foreach (var flag in catalog.Flags.Where(f => RolloutSteps.AdvanceIfDue(f, now) is not null))
        {
            var (change, _) = await editor.EditAsync(c => Advance(c, flag.Key, now),
                new ChangeAuthor(RolloutSteps.SchedulerActor, "rollout step dwell elapsed"), cancellationToken);
            changes.AddRange(change is null ? [] : [change]);
        }

        return changes;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(logger, e);
            }
        }
    }

    private static Edit ApplySchedule(FlagCatalog catalog, string id)
    {
        if (catalog.Schedules.FirstOrDefault(s => s.Id == id) is not { } schedule)
        {
            return Edit.Unchanged;
        }

        var remaining = catalog with { Schedules = [.. catalog.Schedules.Where(s => s.Id != id)] };
        if (catalog.Flag(schedule.FlagKey) is not { } before)
        {
            return new Edit(remaining, FlagsChange.FlagDeleted, schedule.FlagKey);
        }

        var after = schedule.Flag is { } replacement
            ? replacement with { Rollout = before.Rollout }
            : before with { Enabled = schedule.Enabled ?? before.Enabled };
        return Edit.OfFlag(remaining, FlagsChange.FlagChanged, before, after);
    }

    private static Edit Advance(FlagCatalog catalog, string key, DateTimeOffset now) =>
        catalog.Flag(key) is { } flag && RolloutSteps.AdvanceIfDue(flag, now) is { } after
            ? Edit.OfFlag(catalog, FlagsChange.RolloutAdvanced, flag, after)
            : Edit.Unchanged;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A scheduler pass failed; it runs again in a second")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
