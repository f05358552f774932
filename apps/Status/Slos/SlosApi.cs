using GoLive.ServiceDefaults.Operators;

namespace GoLive.Status.Slos;

/// <summary>The operator view of SLOs: budget remaining and each burn-rate rule's verdict.</summary>
internal static class SlosApi
{
    public sealed record RuleView(string Severity, double Factor, TimeSpan LongWindow, TimeSpan ShortWindow, double LongBurnRate, double ShortBurnRate, long LongWindowEvents, bool Fires);

    public sealed record SloView(string Id, string Title, string Component, string? Flag, double Target, double ErrorBudgetRemaining, double WindowErrorRate, bool SuppressedByMaintenance, IReadOnlyList<RuleView> Rules);

    public static RouteGroupBuilder MapSlos(this IEndpointRouteBuilder routes)
    {
        // Operators read them directly; partners through the gateway (scope status:read).
        var group = routes.MapGroup("/v1/slos").WithTags("SLOs").RequireOperator(OperatorRoles.StatusOperate).AllowApps("gateway");
        group.MapGet("/", (BurnRateEvaluator evaluator) => TypedResults.Ok(evaluator.Evaluate().Select(ToView).ToList()));
        return group;
    }

    private static SloView ToView(SloStatus status) => new(
        status.Slo.Id, status.Slo.Title, status.Slo.Component, status.Slo.Flag, status.Slo.Target,
        Finite(status.BudgetRemaining), status.Window.ErrorRate, status.Suppressed,
        [.. status.Rules.Select(r => new RuleView(r.Rule.Severity, r.Rule.Factor, r.Rule.LongWindow, r.Rule.ShortWindow, Finite(r.LongBurn), Finite(r.ShortBurn), r.LongEvents, r.Fires))]);

    // JSON has no infinity; a 100 % target with any bad event reports a very large burn.
    private static double Finite(double value) => double.IsFinite(value) ? value : (value > 0 ? double.MaxValue : double.MinValue);
}
