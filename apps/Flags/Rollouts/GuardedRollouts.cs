using GoLive.Flags.Catalog;
using GoLive.Flags.Client;

namespace GoLive.Flags.Rollouts;

/// <summary>The data of Status's <c>golive.status.slo.burn-rate-exceeded</c> event (fields Flags does not use are ignored).</summary>
internal sealed record BurnRateExceeded(string? Service, string? Component, string? Flag, string? Slo, double? BurnRate);

/// <summary>
/// Reacts to an SLO burn: every running rollout of a flag linked to the burning service (and component, when both
/// name one) or named by the event pauses or rolls back, as its plan says. Idempotent: a rollout that is no longer
/// running is left alone, so a redelivered event changes nothing.
/// </summary>
internal sealed class GuardedRollouts(CatalogEditor editor, TimeProvider time)
{
    public const string Actor = "status:slo-burn-rate";

    public async Task<IReadOnlyList<FlagsChange>> OnBurnAsync(BurnRateExceeded burn, CancellationToken cancellationToken)
    {
        var catalog = await editor.ReadAsync(cancellationToken);
        var changes = new List<FlagsChange>();
        foreach (var key in catalog.Flags.Where(f => f.Rollout is { State: RolloutState.Running } && IsLinked(f, burn)).Select(f => f.Key))
        {
            var reason = $"SLO {burn.Slo ?? "?"} burn rate {burn.BurnRate?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} exceeded on {burn.Service ?? burn.Flag}";
            var (change, _) = await editor.EditAsync(current =>
            {
                if (current.Flag(key) is not { } flag || RolloutSteps.OnBurn(flag, time.GetUtcNow(), Actor, reason) is not { } after)
                {
                    return Edit.Unchanged;
                }

                var type = after.Rollout!.State == RolloutState.Paused ? FlagsChange.RolloutPaused : FlagsChange.RolloutRolledBack;
                return Edit.OfFlag(current, type, flag, after);
            }, new ChangeAuthor(Actor, reason), cancellationToken);
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private static bool IsLinked(FlagDefinition flag, BurnRateExceeded burn)
    {
        if (burn.Flag is not null && burn.Flag == flag.Key)
        {
            return true;
        }

        return burn.Service is not null && string.Equals(flag.Service, burn.Service, StringComparison.OrdinalIgnoreCase)
            && (flag.Component is null || burn.Component is null
                || string.Equals(flag.Component, burn.Component, StringComparison.OrdinalIgnoreCase));
    }
}
