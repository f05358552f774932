using GoLive.Status.Components;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Slos;

/// <summary>One rule's verdict for one SLO.</summary>
internal sealed record RuleVerdict(BurnRateRule Rule, double LongBurn, double ShortBurn, long LongEvents, bool Fires);

/// <summary>Where an SLO stands now: its budget over the SLO window, every rule's verdict, and the worst firing rule.</summary>
internal sealed record SloStatus(SloDefinition Slo, double BudgetRemaining, SliMeasure Window, IReadOnlyList<RuleVerdict> Rules, bool Suppressed)
{
    public RuleVerdict? Firing => Suppressed ? null : Rules.Where(r => r.Fires).MaxBy(r => r.Rule.Factor);
}

/// <summary>
/// Multi-window, multi-burn-rate alerting (Google SRE workbook ch. 5): a rule fires when the burn rate over both its
/// long and short window reaches its factor and the long window saw at least the minimum events. SLOs whose component
/// is under scheduled maintenance never fire.
/// </summary>
internal sealed class BurnRateEvaluator(
    SloCalculator calculator,
    IOptionsMonitor<SloOptions> slos,
    IOptionsMonitor<AlertingOptions> alerting,
    MaintenanceSchedule maintenance,
    TimeProvider time)
{
    public IReadOnlyList<SloStatus> Evaluate()
    {
        var now = time.GetUtcNow();
        var options = alerting.CurrentValue;
        return [.. slos.CurrentValue.Slos.Select(slo => Evaluate(slo, options, now))];
    }

    private SloStatus Evaluate(SloDefinition slo, AlertingOptions options, DateTimeOffset now)
    {
        var window = calculator.Measure(slo, now - options.SloWindow, now);
        var verdicts = options.EffectiveRules.Select(rule =>
        {
            var longMeasure = calculator.Measure(slo, now - rule.LongWindow, now);
            var shortMeasure = calculator.Measure(slo, now - rule.ShortWindow, now);
            var longBurn = SloCalculator.BurnRate(slo, longMeasure);
            var shortBurn = SloCalculator.BurnRate(slo, shortMeasure);
            var fires = longBurn >= rule.Factor && shortBurn >= rule.Factor && longMeasure.Events >= options.MinimumEvents;
            return new RuleVerdict(rule, longBurn, shortBurn, longMeasure.Events, fires);
        }).ToList();
        return new SloStatus(slo, SloCalculator.BudgetRemaining(slo, window), window, verdicts, maintenance.IsUnderMaintenance(slo.Component, now));
    }
}
