using GoLive.Flags.Client;

namespace GoLive.Flags.Rollouts;

/// <summary>
/// The rules of a gradual rollout, as pure functions of a flag and the time: start, advance after each step's dwell,
/// pause or roll back to the last safe step on an SLO burn, resume. The current step is written into the flag's
/// fallthrough as a split between the plan's variant and the default variant.
/// </summary>
internal static class RolloutSteps
{
    public const string SchedulerActor = "flags:rollout-scheduler";

    /// <summary>Field errors of a plan for a flag; empty when it can start.</summary>
    public static Dictionary<string, string[]> Check(FlagDefinition flag, RolloutPlan plan)
    {
        var errors = new Dictionary<string, string[]>();
        if (!flag.Variants.ContainsKey(plan.Variant) || plan.Variant == flag.DefaultVariant)
        {
            errors["variant"] = ["Roll out a variant of the flag other than its default variant."];
        }

        if (plan.Steps is not { Count: > 0 }
            || plan.Steps.Any(s => s.Percent is <= 0 or > 100 || s.MinDwell < TimeSpan.Zero)
            || plan.Steps.Zip(plan.Steps.Skip(1)).Any(p => p.Second.Percent <= p.First.Percent))
        {
            errors["steps"] = ["Steps need rising percentages in (0, 100] and non-negative dwell times."];
        }

        return errors;
    }

    public static FlagDefinition Start(FlagDefinition flag, RolloutPlan plan, DateTimeOffset now, string actor, string? reason) =>
        Serve(flag, plan with
        {
            State = RolloutState.Running,
            CurrentStep = 0,
            LastSafeStep = -1,
            StepStartedAt = now,
            ChangedBy = actor,
            ChangeReason = reason ?? "rollout started",
        });

    /// <summary>The flag moved to its next step when the current one has dwelt long enough, else null.</summary>
    public static FlagDefinition? AdvanceIfDue(FlagDefinition flag, DateTimeOffset now)
    {
        if (flag.Rollout is not { State: RolloutState.Running, StepStartedAt: { } startedAt } plan
            || now - startedAt < plan.Steps[plan.CurrentStep].MinDwell)
        {
            return null;
        }

        var last = plan.CurrentStep == plan.Steps.Count - 1;
        return Serve(flag, plan with
        {
            CurrentStep = last ? plan.CurrentStep : plan.CurrentStep + 1,
            LastSafeStep = plan.CurrentStep,
            State = last ? RolloutState.Completed : RolloutState.Running,
            StepStartedAt = now,
            ChangedBy = SchedulerActor,
            ChangeReason = last ? "rollout completed" : $"step {plan.CurrentStep} held for its dwell time",
        });
    }

    /// <summary>The flag paused or rolled back to its last safe step (0 % when none), else null when not running.</summary>
    public static FlagDefinition? OnBurn(FlagDefinition flag, DateTimeOffset now, string actor, string reason)
    {
        if (flag.Rollout is not { State: RolloutState.Running } plan)
        {
            return null;
        }

        return plan.OnBurn == BurnResponse.Pause
            ? flag with { Rollout = plan with { State = RolloutState.Paused, ChangedBy = actor, ChangeReason = reason } }
            : Serve(flag, plan with
            {
                State = RolloutState.RolledBack,
                CurrentStep = plan.LastSafeStep,
                StepStartedAt = now,
                ChangedBy = actor,
                ChangeReason = reason,
            });
    }

    public static FlagDefinition? Pause(FlagDefinition flag, string actor, string? reason) =>
        flag.Rollout is { State: RolloutState.Running } plan
            ? flag with { Rollout = plan with { State = RolloutState.Paused, ChangedBy = actor, ChangeReason = reason ?? "paused" } }
            : null;

    /// <summary>Resumes a paused or rolled-back plan from its current step, whose dwell starts again now.</summary>
    public static FlagDefinition? Resume(FlagDefinition flag, DateTimeOffset now, string actor, string? reason) =>
        flag.Rollout is { State: RolloutState.Paused or RolloutState.RolledBack } plan
            ? Serve(flag, plan with
            {
                State = RolloutState.Running,
                CurrentStep = Math.Max(plan.CurrentStep, 0),
                StepStartedAt = now,
                ChangedBy = actor,
                ChangeReason = reason ?? "resumed",
            })
            : null;

    private static FlagDefinition Serve(FlagDefinition flag, RolloutPlan plan)
    {
        var weight = (int)Math.Round(plan.CurrentPercent * Bucketing.BucketCount / 100);
        return flag with
        {
            Rollout = plan,
            Fallthrough = new Serve(Split: [new(plan.Variant, weight), new(flag.DefaultVariant, Bucketing.BucketCount - weight)]),
        };
    }
}
