using System.Net.Http.Json;
using GoLive.Flags.Client;
using GoLive.Flags.Tests.Infrastructure;
using static GoLive.Flags.Tests.TestFlags;

namespace GoLive.Flags.Tests;

public sealed class EvaluationClientTests : IAsyncLifetime
{
    private static readonly EvaluationContext Acme = new() { TargetingKey = "u1", Organisation = "acme" };
    private readonly FlagsApplication _flags = new();
    private readonly List<EvaluatorHost> _evaluators = [];
    private HttpSnapshotSource _source = null!;

    public async Task InitializeAsync()
    {
        var admin = _flags.Admin();
        (await admin.PostAsJsonAsync("/v1/flags", Boolean("new-checkout", When("organisation", ConditionOperator.In, "acme")))).EnsureSuccessStatusCode();
        _source = new HttpSnapshotSource(_flags.CreateClient);
        for (var i = 0; i < 3; i++)
        {
            _evaluators.Add(await EvaluatorHost.StartAsync(_source));
        }

        // Pub/sub: every event the Flags app commits is delivered to every evaluator's subscription.
        _flags.Store.Deliver = published => Task.WhenAll(_evaluators.Select(e => e.DeliverAsync(FlagsApplication.ChangeOf(published))));
        await Eventually(() => _evaluators.All(e => e.Client.IsReady));
    }

    public async Task DisposeAsync()
    {
        foreach (var evaluator in _evaluators)
        {
            await evaluator.DisposeAsync();
        }

        await _flags.DisposeAsync();
    }

    [Fact]
    public async Task Kill_switch_turns_the_flag_off_for_every_evaluator()
    {
        Assert.All(_evaluators, e => Assert.True(e.Client.GetBoolean("new-checkout", false, Acme).Value));

        var killed = await _flags.Admin().PostAsJsonAsync("/v1/flags/new-checkout/kill", new { reason = "incident" });

        killed.EnsureSuccessStatusCode();
        Assert.All(_evaluators, e =>
        {
            var result = e.Client.GetBoolean("new-checkout", true, Acme);
            Assert.Equal((false, EvaluationReason.Disabled), (result.Value, result.Reason));
        });
    }

    [Fact]
    public async Task Evaluators_keep_serving_the_last_snapshot_marked_stale_while_the_flags_app_is_down()
    {
        _source.Down = true;
        var refresher = new SnapshotRefresher(_evaluators[0].Client, _source, new FlagsClientOptions(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SnapshotRefresher>.Instance);

        Assert.False(await refresher.RefreshAsync(CancellationToken.None));
        var stale = _evaluators[0].Client.GetBoolean("new-checkout", false, Acme);
        _source.Down = false;
        Assert.True(await refresher.RefreshAsync(CancellationToken.None));
        var fresh = _evaluators[0].Client.GetBoolean("new-checkout", false, Acme);

        Assert.Equal((true, EvaluationReason.TargetingMatch, true), (stale.Value, stale.Reason, stale.Stale));
        Assert.False(fresh.Stale);
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_events_change_nothing()
    {
        var client = _evaluators[0].Client;
        await _flags.Admin().PostAsJsonAsync("/v1/flags/new-checkout/kill", new { });
        var kill = _flags.Changes[^1];
        await _flags.Admin().PostAsJsonAsync("/v1/flags/new-checkout/enable", new { });

        await _evaluators[0].DeliverAsync(kill);

        Assert.True(client.GetBoolean("new-checkout", false, Acme).Value);
        Assert.Equal(3, client.SnapshotVersion);
    }

    [Fact]
    public async Task An_event_that_skips_versions_is_applied_and_triggers_a_reload()
    {
        var client = new FlagsClient();
        client.Load(Snapshot(1, Boolean("f") with { DefaultVariant = "on" }));
        var reloads = 0;
        client.ReloadNeeded += _ => reloads++;

        var applied = client.Apply(new FlagsChange(FlagsChange.FlagChanged, 5, "f", "ops", DateTimeOffset.UnixEpoch, "kill",
            After: Boolean("f") with { Enabled = false }));

        Assert.True(applied);
        Assert.Equal(EvaluationReason.Disabled, client.GetBoolean("f", true).Reason);
        Assert.Equal(1, reloads);
        await Task.CompletedTask;
    }

    [Fact]
    public void Evaluation_counts_per_variant_are_kept_across_reloads()
    {
        using var client = new FlagsClient();
        client.Load(Snapshot(1, Percentage("exp", 50)));
        for (var i = 0; i < 1000; i++)
        {
            client.GetBoolean("exp", false, new EvaluationContext { TargetingKey = $"u{i}" });
        }

        client.Load(Snapshot(2, Percentage("exp", 50)));
        client.GetBoolean("exp", false, new EvaluationContext { TargetingKey = "u1" });

        var counts = client.VariantCounts()["exp"];
        Assert.Equal(1001, counts["on"] + counts["off"]);
        Assert.InRange(counts["on"], 430, 570);
    }

    [Fact]
    public void Evaluation_counts_are_published_as_a_metric_by_flag_and_variant()
    {
        using var client = new FlagsClient();
        client.Load(Snapshot(1, Boolean("f") with { DefaultVariant = "on" }));
        client.GetBoolean("f", false);
        client.GetBoolean("f", false);
        var measured = new List<(long Value, string? Flag, string? Variant)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FlagsClient.MeterName && instrument.Name == "golive.flags.evaluations")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray();
            measured.Add((value, t.Single(x => x.Key == "flag").Value as string, t.Single(x => x.Key == "variant").Value as string));
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Contains((2L, "f", "on"), measured);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
