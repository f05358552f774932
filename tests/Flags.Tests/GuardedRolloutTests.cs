extern alias flagsapp;
using System.Net.Http.Json;
using System.Text.Json;
using flagsapp::GoLive.Flags.Schedules;
using GoLive.Flags.Client;
using GoLive.Flags.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GoLive.Flags.Tests.TestFlags;

namespace GoLive.Flags.Tests;

public sealed class GuardedRolloutTests : IAsyncLifetime
{
    private readonly FlagsApplication _app = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = _app.Admin();
        (await _admin.PostAsJsonAsync("/v1/flags", Boolean("new-checkout") with { Service = "payments", Component = "checkout" }))
            .EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_rollout_advances_only_after_each_steps_dwell_time()
    {
        await StartRollout(BurnResponse.Rollback);

        Assert.Equal(1, await CurrentPercent());
        _app.Time.Advance(TimeSpan.FromMinutes(9));
        await RunScheduler();
        Assert.Equal(1, await CurrentPercent());
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await RunScheduler();
        Assert.Equal(10, await CurrentPercent());
        for (var i = 0; i < 3; i++)
        {
            _app.Time.Advance(TimeSpan.FromHours(1));
            await RunScheduler();
        }

        var flag = await Flag();
        Assert.Equal((100.0, RolloutState.Completed), (flag.Rollout!.CurrentPercent, flag.Rollout.State));
        Assert.Contains(_app.Changes, c => c.Type == FlagsChange.RolloutAdvanced && c.Actor == "flags:rollout-scheduler");
    }

    [Fact]
    public async Task A_burn_rate_event_rolls_the_rollout_back_to_its_last_safe_step()
    {
        await StartRollout(BurnResponse.Rollback);
        _app.Time.Advance(TimeSpan.FromMinutes(10));
        await RunScheduler();
        _app.Time.Advance(TimeSpan.FromHours(1));
        await RunScheduler();
        Assert.Equal(50, await CurrentPercent());

        await DeliverStatusEvent(new { service = "payments", component = "checkout", slo = "checkout-success", burnRate = 14.4 });

        var flag = await Flag();
        Assert.Equal((RolloutState.RolledBack, 10.0), (flag.Rollout!.State, flag.Rollout.CurrentPercent));
        var change = _app.Changes[^1];
        Assert.Equal((FlagsChange.RolloutRolledBack, "status:slo-burn-rate"), (change.Type, change.Actor));
        Assert.Contains("checkout-success", change.Reason, StringComparison.Ordinal);

        // A rolled-back rollout stays put: the scheduler does not advance it and a redelivered event changes nothing.
        _app.Time.Advance(TimeSpan.FromDays(1));
        await RunScheduler();
        var published = _app.Changes.Count;
        await DeliverStatusEvent(new { service = "payments", slo = "checkout-success" });
        Assert.Equal(10, await CurrentPercent());
        Assert.Equal(published, _app.Changes.Count);
    }

    [Fact]
    public async Task A_burn_on_a_plan_that_pauses_holds_the_current_step()
    {
        await StartRollout(BurnResponse.Pause);

        await DeliverStatusEvent(new { flag = "new-checkout" });

        var flag = await Flag();
        Assert.Equal((RolloutState.Paused, 1.0), (flag.Rollout!.State, flag.Rollout.CurrentPercent));
        Assert.Equal(FlagsChange.RolloutPaused, _app.Changes[^1].Type);
    }

    [Fact]
    public async Task A_burn_on_another_service_changes_nothing()
    {
        await StartRollout(BurnResponse.Rollback);
        var published = _app.Changes.Count;

        await DeliverStatusEvent(new { service = "trading", slo = "orders" });
        await DeliverStatusEvent(new { service = "payments", component = "payouts" });

        Assert.Equal(published, _app.Changes.Count);
        Assert.Equal(1, await CurrentPercent());
    }

    [Fact]
    public async Task Status_events_are_routed_by_type_with_a_default_that_ignores_the_rest()
    {
        var subscriptions = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var status = subscriptions.EnumerateArray().Single(s => s.GetProperty("topic").GetString() == "status-events");
        var rule = status.GetProperty("routes").GetProperty("rules")[0];
        Assert.Contains("golive.status.slo.burn-rate-exceeded", rule.GetProperty("match").GetString(), StringComparison.Ordinal);
        Assert.Equal("events/status/other", status.GetProperty("routes").GetProperty("default").GetString()!.TrimStart('/'));
        Assert.Equal("status-events-deadletter", status.GetProperty("deadLetterTopic").GetString());
    }

    [Fact]
    public async Task An_invalid_rollout_plan_is_refused_with_field_errors()
    {
        var response = await _admin.PutAsJsonAsync("/v1/flags/new-checkout/rollout",
            new { variant = "off", steps = new[] { new { percent = 50, minDwell = "00:10:00" }, new { percent = 10, minDwell = "00:10:00" } } });
        var problem = await FlagsApplication.Json(response);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("steps", out _));
    }

    private async Task StartRollout(BurnResponse onBurn)
    {
        var plan = new RolloutPlan
        {
            Variant = "on",
            OnBurn = onBurn,
            Steps = [new(1, TimeSpan.FromMinutes(10)), new(10, TimeSpan.FromHours(1)), new(50, TimeSpan.FromHours(1)), new(100, TimeSpan.Zero)],
        };
        (await _admin.PutAsJsonAsync("/v1/flags/new-checkout/rollout", plan)).EnsureSuccessStatusCode();
    }

    private Task RunScheduler() => _app.Services.GetRequiredService<FlagScheduler>().RunDueAsync(CancellationToken.None);

    private async Task<FlagDefinition> Flag() => (await _admin.GetFromJsonAsync<FlagDefinition>("/v1/flags/new-checkout"))!;

    private async Task<double> CurrentPercent()
    {
        var flag = await Flag();
        var on = flag.Fallthrough!.Split!.Single(s => s.Variant == "on").Weight;
        return on / 1000.0;
    }

    private async Task DeliverStatusEvent(object data)
    {
        var cloudEvent = new { specversion = "1.0", id = Guid.NewGuid().ToString(), source = "status", type = "golive.status.slo.burn-rate-exceeded", data };
        using var content = JsonContent.Create(cloudEvent);
        content.Headers.ContentType = new("application/cloudevents+json");
        (await _app.CreateClient().PostAsync(new Uri("/events/status/burn-rate", UriKind.Relative), content)).EnsureSuccessStatusCode();
    }
}
