using GoLive.Status.Components;
using GoLive.Status.Metrics;
using GoLive.Status.Samples;
using GoLive.Status.Slos;
using GoLive.Status.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Status.Tests;

public sealed class BurnRateTests
{
    private static readonly DateTimeOffset Now = Defaults.Now;

    /// <summary>Checkout success (target 95 %, so the sustainable error rate is 5 %), minimum 100 events.</summary>
    public static TheoryData<string, double, int, int, int, int, string?> Scenarios => new()
    {
        // name, error rate, bad minutes, bad ended minutes ago, attempts per minute, minutes of traffic, expected severity
        { "90 % errors for 2 h: 18x over 1 h and 5 min", 0.90, 120, 0, 100, 4320, "critical" },
        { "40 % errors for 6 h: 8x, too slow to page, fast enough to wake", 0.40, 360, 0, 100, 4320, "major" },
        { "6 % errors for 3 days: 1.2x, a ticket", 0.06, 4320, 0, 10, 4320, "minor" },
        { "4 % errors for 3 days: within budget", 0.04, 4320, 0, 10, 4320, null },
        { "90 % errors that stopped 30 min ago: short windows clear", 0.90, 120, 30, 100, 4320, null },
        { "90 % errors on 1 attempt a minute: under the minimum traffic", 0.90, 60, 0, 1, 60, null },
        { "90 % errors on 2 attempts a minute: enough traffic", 0.90, 60, 0, 2, 60, "critical" },
        { "No errors", 0, 0, 0, 100, 4320, null },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Multi_window_rules_fire_as_the_table_says(string name, double errorRate, int badMinutes, int endedAgo, int perMinute, int trafficMinutes, string? expected)
    {
        var (evaluator, metrics, _, _, _) = Create(Defaults.CheckoutSuccess());
        for (var m = 1; m <= trafficMinutes; m++)
        {
            var at = Now.AddMinutes(-m);
            var bad = m > endedAgo && m <= endedAgo + badMinutes ? errorRate : 0;
            Feed(metrics, at, "checkout.attempt", perMinute, "checkout");
            Feed(metrics, at, "checkout.success", perMinute * (1 - bad), "checkout");
        }

        var status = Assert.Single(evaluator.Evaluate());

        Assert.True(expected == status.Firing?.Rule.Severity, $"{name}: expected {expected ?? "none"}, got {status.Firing?.Rule.Severity ?? "none"}");
    }

    [Fact]
    public void A_latency_slo_counts_samples_over_its_threshold_as_bad()
    {
        var (evaluator, metrics, _, _, _) = Create(Defaults.JoinTime());
        for (var m = 1; m <= 120; m++)
        {
            for (var i = 0; i < 10; i++)
            {
                Feed(metrics, Now.AddMinutes(-m), "playback.join_ms", i < 8 ? 4000 : 600, "playback");
            }
        }

        var status = Assert.Single(evaluator.Evaluate());

        Assert.Equal("critical", status.Firing?.Rule.Severity);
        Assert.InRange(status.Rules[0].LongBurn, 15.5, 16.5);
    }

    [Fact]
    public async Task Scheduled_maintenance_silences_the_component_s_slos()
    {
        var (evaluator, metrics, maintenance, _, _) = Create(Defaults.CheckoutSuccess());
        FeedOutage(metrics);
        await maintenance.AddAsync(new MaintenanceWindow("m1", "DB upgrade", ["checkout"], Now.AddHours(-1), Now.AddHours(1), null), default);

        var status = Assert.Single(evaluator.Evaluate());

        Assert.True(status.Suppressed);
        Assert.Null(status.Firing);
    }

    [Fact]
    public void A_reloaded_slo_target_changes_the_verdict()
    {
        var (evaluator, metrics, _, slos, _) = Create(Defaults.CheckoutSuccess());
        FeedOutage(metrics);
        Assert.NotNull(Assert.Single(evaluator.Evaluate()).Firing);

        var relaxed = Defaults.CheckoutSuccess();
        relaxed.Target = 0.01;
        slos.CurrentValue = new SloOptions { Slos = [relaxed] };

        Assert.Null(Assert.Single(evaluator.Evaluate()).Firing);
    }

    [Fact]
    public void Error_budget_remaining_is_what_the_window_has_not_spent()
    {
        var (evaluator, metrics, _, _, _) = Create(Defaults.CheckoutSuccess());
        Feed(metrics, Now.AddDays(-10), "checkout.attempt", 1000, "checkout");
        Feed(metrics, Now.AddDays(-10), "checkout.success", 990, "checkout");   // 1 % errors of a 5 % budget

        Assert.Equal(0.8, Assert.Single(evaluator.Evaluate()).BudgetRemaining, precision: 9);
    }

    internal static void FeedOutage(MetricStore metrics)
    {
        for (var m = 1; m <= 120; m++)
        {
            Feed(metrics, Now.AddMinutes(-m), "checkout.attempt", 100, "checkout");
            Feed(metrics, Now.AddMinutes(-m), "checkout.success", 10, "checkout");
        }
    }

    internal static (BurnRateEvaluator, MetricStore, MaintenanceSchedule, TestOptions<SloOptions>, FakeTimeProvider) Create(params SloDefinition[] definitions)
    {
        var clock = new FakeTimeProvider(Now);
        var metrics = new MetricStore(MetricRetention.Default);
        var maintenance = new MaintenanceSchedule(Defaults.Store());
        var slos = new TestOptions<SloOptions>(new SloOptions { Slos = [.. definitions] });
        var evaluator = new BurnRateEvaluator(new SloCalculator(metrics), slos, new TestOptions<AlertingOptions>(new AlertingOptions()), maintenance, clock);
        return (evaluator, metrics, maintenance, slos, clock);
    }

    internal static void Feed(MetricStore metrics, DateTimeOffset at, string metric, double value, string component) =>
        metrics.Apply(MetricStore.Aggregate([new Sample(metric, value, at, component, "global", false)]));
}
