using GoLive.Status.Metrics;
using GoLive.Status.Samples;
using GoLive.Status.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Status.Tests;

public sealed class MetricStoreTests
{
    private static readonly DateTimeOffset Now = Defaults.Now;

    [Fact]
    public void Each_sample_rolls_up_from_its_minute_into_its_hour_and_day()
    {
        var store = new MetricStore(MetricRetention.Default);
        Apply(store, Join(Now.AddMinutes(-90), 100), Join(Now.AddMinutes(-30), 300), Join(Now.AddMinutes(-1), 3000));

        Assert.Equal(1, Query(store, Now.AddMinutes(-1), Now).Count);
        Assert.Equal(2, Query(store, Now.AddHours(-1), Now).Count);
        Assert.Equal(3, Query(store, Now.AddHours(-2), Now).Count);
        Assert.Equal(3, Query(store, Now.Date, Now.Date.AddDays(1)).Count);
        Assert.Equal(3400, Query(store, Now.AddDays(-1), Now).Sum);
    }

    [Fact]
    public void A_day_query_merges_the_same_sketch_as_its_minutes()
    {
        var store = new MetricStore(MetricRetention.Default);
        var values = QuantileSketchTests.Generate("lognormal", 5000, seed: 1);
        Apply(store, [.. values.Select((v, i) => Join(new DateTimeOffset(Now.Date, TimeSpan.Zero).AddSeconds(i * 17), v))]);

        var day = Query(store, Now.Date, Now.Date.AddDays(1));
        var minutes = new MetricAggregate();
        for (var m = 0; m < 1440; m++)
        {
            minutes.Merge(Query(store, Now.Date.AddMinutes(m), Now.Date.AddMinutes(m + 1)));
        }

        Assert.Equal(minutes.Count, day.Count);
        Assert.Equal(minutes.Sketch!.Quantile(0.95), day.Sketch!.Quantile(0.95));
    }

    [Fact]
    public void Buckets_past_retention_are_dropped()
    {
        var store = new MetricStore(new MetricRetention(TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(90)));
        Apply(store, Join(Now.AddDays(-2), 100));
        store.Prune(Now);

        Assert.Equal(0, Query(store, Now.AddDays(-2), Now.AddDays(-2).AddMinutes(1)).Count);
        Assert.Equal(1, Query(store, Now.AddDays(-3).Date, Now.Date).Count);
    }

    [Fact]
    public async Task Restart_after_a_checkpoint_and_more_batches_restores_every_acknowledged_sample_exactly_once()
    {
        var clock = new FakeTimeProvider(Now);
        var state = Defaults.Store("metricstore", clock);
        var first = new MetricStore(MetricRetention.Default);
        var journal = new MetricJournal(first, state, clock);
        await journal.RestoreAsync(default);

        await journal.AppendAsync([Join(Now.AddMinutes(-5), 100), Join(Now.AddHours(-3), 200)], default);
        await journal.CheckpointAsync(default);
        await journal.AppendAsync([Join(Now.AddMinutes(-2), 2500)], default);   // journaled, not checkpointed

        var second = new MetricStore(MetricRetention.Default);
        await new MetricJournal(second, state, clock).RestoreAsync(default);

        var all = Query(second, Now.AddDays(-1), Now);
        Assert.Equal(3, all.Count);
        Assert.Equal(2800, all.Sum);
        Assert.Equal(2, Query(second, Now.AddMinutes(-10), Now).Count);
        Assert.Single(state.Keys("journal|"));
    }

    [Fact]
    public async Task A_checkpoint_removes_the_journal_it_covers_and_a_second_restart_counts_nothing_twice()
    {
        var clock = new FakeTimeProvider(Now);
        var state = Defaults.Store("metricstore", clock);
        var journal = new MetricJournal(new MetricStore(MetricRetention.Default), state, clock);
        await journal.RestoreAsync(default);
        for (var i = 0; i < 5; i++)
        {
            await journal.AppendAsync([Join(Now.AddMinutes(-i), 100)], default);
        }

        var restartedStore = new MetricStore(MetricRetention.Default);
        var restarted = new MetricJournal(restartedStore, state, clock);
        await restarted.RestoreAsync(default);
        await restarted.CheckpointAsync(default);
        await restarted.AppendAsync([Join(Now, 1)], default);

        var again = new MetricStore(MetricRetention.Default);
        await new MetricJournal(again, state, clock).RestoreAsync(default);
        Assert.Equal(6, Query(again, Now.AddHours(-1), Now.AddMinutes(1)).Count);
    }

    [Fact]
    public async Task A_batch_the_store_refused_is_not_applied()
    {
        var state = Defaults.Store("metricstore");
        state.Fail = true;
        var store = new MetricStore(MetricRetention.Default);
        var journal = new MetricJournal(store, state, new FakeTimeProvider(Now));

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.AppendAsync([Join(Now, 100)], default));
        Assert.Equal(0, Query(store, Now.AddHours(-1), Now.AddHours(1)).Count);
    }

    internal static Sample Join(DateTimeOffset at, double ms) => new("playback.join_ms", ms, at, "playback", "eu-west", false);

    private static void Apply(MetricStore store, params Sample[] samples) => store.Apply(MetricStore.Aggregate(samples));

    private static MetricAggregate Query(MetricStore store, DateTimeOffset from, DateTimeOffset to) => store.Query(_ => true, from, to);

    private static MetricAggregate Query(MetricStore store, DateTime from, DateTime to) =>
        store.Query(_ => true, new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero));
}
