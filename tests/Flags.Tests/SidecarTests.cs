extern alias flagsapp;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Flags.Client;
using Microsoft.Extensions.DependencyInjection;
using static GoLive.Flags.Tests.TestFlags;

namespace GoLive.Flags.Tests;

/// <summary>
/// End to end through real local sidecars: the Flags app (state with outbox, secret store) and three evaluator apps
/// that load the snapshot by service invocation and follow <c>flags-events</c> by pub/sub.
/// </summary>
public sealed class SidecarTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TestPlatform _platform = new(["flags", "shop-1", "shop-2", "shop-3"]);
    private DaprTestApp _flags = null!;
    private readonly List<DaprTestApp> _shops = [];
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _flags = await _platform.StartAsync<flagsapp::Program>("flags");
        _admin = _flags.App;
        _admin.DefaultRequestHeaders.Authorization = TestOperators.With(GoLive.ServiceDefaults.Operators.OperatorRoles.FlagsAdmin).Authorization;
        (await _admin.PostAsJsonAsync("/v1/flags", Boolean("new-checkout", When("organisation", ConditionOperator.In, "acme")) with
        {
            Service = "payments",
        })).EnsureSuccessStatusCode();
        for (var i = 1; i <= 3; i++)
        {
            _shops.Add(await _platform.StartAsync<GoLive.Flags.TestApp.Program>($"shop-{i}"));
        }
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Kill_switch_reaches_three_evaluator_apps_through_pub_sub()
    {
        await Eventually.TrueAsync(() => AllShops(r => r.Value && r.Reason == EvaluationReason.TargetingMatch), Patience,
            "every evaluator loaded the flag");

        (await _admin.PostAsJsonAsync("/v1/flags/new-checkout/kill", new { reason = "e2e" })).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(() => AllShops(r => !r.Value && r.Reason == EvaluationReason.Disabled), Patience,
            "every evaluator saw the kill switch");
    }

    [Fact]
    public async Task Evaluators_keep_evaluating_marked_stale_while_the_flags_app_is_down()
    {
        await Eventually.TrueAsync(() => AllShops(r => r.Value), Patience, "every evaluator loaded the flag");

        await _flags.StopAppAsync();
        var refreshed = await _shops[0].Services.GetRequiredService<SnapshotRefresher>().RefreshAsync(CancellationToken.None);
        var result = await Evaluate(_shops[0]);

        Assert.False(refreshed);
        Assert.Equal((true, EvaluationReason.TargetingMatch, true), (result.Value, result.Reason, result.Stale));
    }

    [Fact]
    public async Task Operator_keys_come_from_the_secret_store()
    {
        using var wrong = new HttpClient { BaseAddress = _flags.App.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "glo_localdev_local-dev-operator-key-not-a-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/v1/flags", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync(new Uri("/v1/flags", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_burn_rate_event_from_status_rolls_a_rollout_back()
    {
        var plan = new RolloutPlan { Variant = "on", Steps = [new(5, TimeSpan.FromHours(1)), new(100, TimeSpan.Zero)] };
        (await _admin.PutAsJsonAsync("/v1/flags/new-checkout/rollout", plan)).EnsureSuccessStatusCode();

        await _shops[0].Dapr.PublishEventAsync("pubsub", "status-events", new { service = "payments", slo = "checkout", burnRate = 14.4 },
            new Dictionary<string, string> { ["cloudevent.type"] = "golive.status.slo.burn-rate-exceeded" });

        await Eventually.TrueAsync(async () =>
        {
            var flag = await _admin.GetFromJsonAsync<FlagDefinition>("/v1/flags/new-checkout");
            return flag!.Rollout!.State == RolloutState.RolledBack;
        }, Patience, "the rollout rolled back");
    }

    private async Task<bool> AllShops(Func<Evaluation<bool>, bool> condition)
    {
        foreach (var shop in _shops)
        {
            if (!condition(await Evaluate(shop)))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<Evaluation<bool>> Evaluate(DaprTestApp shop) =>
        await shop.App.GetFromJsonAsync<Evaluation<bool>>("/evaluate/new-checkout?user=u1&organisation=acme", JsonSerializerOptions.Web);
}
