using Dapr.Actors;
using GoLive.Runtime.ActorApp;

namespace GoLive.Runtime.Tests.Actors;

/// <summary>The .NET actor SDK (ActorProxy on one side, Dapr.Actors.AspNetCore on the other) against the local runtime.</summary>
public sealed class ActorSdkTests
{
    [Fact]
    public async Task Parallel_calls_to_one_actor_never_overlap_while_calls_to_different_actors_run_in_parallel()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();

        var sameId = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Counter("one").IncrementAsync(40)));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Counter($"many-{i}").IncrementAsync(200)));

        Assert.Equal(Enumerable.Range(1, 8), sameId.Order());
        Assert.Equal(1, app.Journal.MaxOverlapPerId);
        Assert.True(app.Journal.MaxOverlapAcrossIds > 1, "different actor ids should run at the same time");
    }

    [Fact]
    public async Task State_survives_deactivation_and_the_actor_is_activated_again()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync(idleTimeout: TimeSpan.FromMilliseconds(300));
        var counter = app.Counter("sleepy");

        for (var i = 0; i < 3; i++) await counter.IncrementAsync(0);
        await Eventually.Async(() => app.Journal.Count("deactivated:sleepy") == 1, TimeSpan.FromSeconds(20), "the idle actor was not deactivated");

        Assert.Equal(3, await counter.GetAsync());
        Assert.Equal(2, app.Journal.Count("activated:sleepy"));
    }

    [Fact]
    public async Task A_reminder_fires_with_its_data_as_many_times_as_its_repetitions_then_is_gone()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();

        await app.Counter("r").RegisterReminderAsync("thrice", 100, 1000, 3, "hello");

        await Eventually.Async(() => app.Journal.Count("reminder:r:thrice:hello") == 3, TimeSpan.FromSeconds(20), "three firings");
        using var http = app.SidecarHttp();
        await Eventually.TrueAsync(async () => !(await http.GetAsync("/v1.0/actors/CounterActor/r/reminders/thrice")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(10), "the reminder should be removed after its last repetition");
        Assert.Equal(3, app.Journal.Count("reminder:r:thrice:hello"));
    }

    [Fact]
    public async Task A_reminder_fires_after_the_whole_runtime_restarts()
    {
        await using var apps = new ActorApps();
        var before = await apps.StartAsync();
        var beforeJournal = before.Journal;
        await before.Counter("durable").RegisterReminderAsync("later", 2000, 3_600_000, 0, "still here");

        await apps.RestartRuntimeAsync();
        var after = await apps.StartAsync();

        await Eventually.Async(() => after.Journal.Count("reminder:durable:later:still here") == 1, TimeSpan.FromSeconds(20), "the reminder did not survive");
        Assert.Equal(0, beforeJournal.Count("reminder:durable:later:still here"));
    }

    [Fact]
    public async Task An_unregistered_reminder_does_not_fire()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();
        var counter = app.Counter("quiet");

        await counter.RegisterReminderAsync("never", 1000, 0, 0, "x");
        await counter.ForgetReminderAsync("never");
        await counter.RegisterReminderAsync("marker", 2000, 0, 0, "x");

        await Eventually.Async(() => app.Journal.Count("reminder:quiet:marker:x") == 1, TimeSpan.FromSeconds(20), "the later reminder fires");
        Assert.Equal(0, app.Journal.Count("reminder:quiet:never:x"));
    }

    [Fact]
    public async Task A_timer_calls_its_callback_every_period()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();

        await app.Counter("ticker").StartTimerAsync("tick", 0, 100, "tock");

        await Eventually.Async(() => app.Journal.Count("timer:ticker:tock") >= 3, TimeSpan.FromSeconds(20), "three ticks");
    }

    [Fact]
    public async Task With_reentrancy_an_actor_can_be_called_back_by_the_actor_it_is_calling()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync(reentrancy: true);

        var answer = await app.Counter("a").PingThroughAsync("b").WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("pong:a", answer);
    }

    [Fact]
    public async Task An_exception_in_an_actor_method_reaches_the_caller()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.Counter("x").FailAsync());

        Assert.Contains("counter failed on purpose", error.ToString());
    }

    [Fact]
    public async Task Two_instances_of_an_app_share_its_actors_and_each_id_lives_on_one_of_them()
    {
        await using var apps = new ActorApps();
        var first = await apps.StartAsync();
        var second = await apps.StartAsync();
        var ids = Enumerable.Range(0, 40).Select(i => $"spread-{i}").ToArray();

        foreach (var id in ids)
        {
            await first.Counter(id).IncrementAsync(0);
            await second.Counter(id).IncrementAsync(0);
        }

        foreach (var id in ids)
            Assert.Equal(1, first.Journal.Count($"activated:{id}") + second.Journal.Count($"activated:{id}"));
        Assert.Contains(ids, id => first.Journal.Count($"activated:{id}") == 1);
        Assert.Contains(ids, id => second.Journal.Count($"activated:{id}") == 1);
        Assert.Equal(2, await first.Counter(ids[0]).GetAsync());
    }
}
