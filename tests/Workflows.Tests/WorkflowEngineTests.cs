using System.Text.Json;
using GoLive.Workflows.TestApp;

namespace GoLive.Workflows.Tests;

/// <summary>The engine through its client, on real actors in the local runtime.</summary>
public sealed class WorkflowEngineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<WorkflowState> FinishedAsync(WorkflowApps.Instance app, string id)
    {
        var state = await app.Client.WaitForFinishAsync(id, Patience);
        Assert.NotNull(state);
        Assert.True(state.IsFinished, $"{id} is still {state.Status}");
        return state;
    }

    [Fact]
    public async Task A_three_step_workflow_completes_with_each_step_and_its_attempts_in_the_history()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(ThreeSteps), "three-1", "x");
        var state = await FinishedAsync(app, "three-1");

        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.Equal("x-a-b-c", state.Output?.GetString());
        Assert.Equal([1, 2, 1], state.Steps.OrderBy(s => s.Seq).Select(s => s.Attempts!.Count));
        Assert.Contains("first attempt fails", state.Steps.Single(s => s.Seq == 1).Attempts![0].Error);
    }

    [Fact]
    public async Task A_failing_step_is_retried_then_the_completed_steps_are_compensated_newest_first()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Saga), "saga-1", "o1");
        var state = await FinishedAsync(app, "saga-1");

        Assert.Equal(WorkflowStatus.Compensated, state.Status);
        Assert.Contains("ship:o1 cannot be done", state.Error);
        Assert.Equal(["reserve:o1", "charge:o1", "fail:ship:o1:1", "fail:ship:o1:2", "fail:ship:o1:3", "refund:o1", "release:o1"], app.Ledger.Lines);
        Assert.Equal(3, state.Steps.Single(s => s.Kind == StepKind.Activity && s.Status == StepStatus.Failed).Attempts!.Count);
    }

    [Fact]
    public async Task An_external_event_resumes_a_waiting_instance()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Approval), "approval-1", new ApprovalRequest("contract", 60_000));
        await Eventually.TrueAsync(async () => (await app.Client.GetAsync("approval-1"))?.Status == WorkflowStatus.Waiting, Patience, "waiting for the event");
        await app.Client.RaiseEventAsync("approval-1", "approved", "ada");

        Assert.Equal("contract approved by ada", (await FinishedAsync(app, "approval-1")).Output?.GetString());
    }

    [Fact]
    public async Task An_event_raised_before_the_wait_is_kept_for_it()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Nap), "early-nap", 10);
        await app.Client.StartAsync(nameof(Approval), "early-1", new ApprovalRequest("memo", 60_000));
        await app.Client.RaiseEventAsync("early-1", "approved", "grace", eventId: "e-1");
        await app.Client.RaiseEventAsync("early-1", "approved", "grace", eventId: "e-1");

        Assert.Equal("memo approved by grace", (await FinishedAsync(app, "early-1")).Output?.GetString());
    }

    [Fact]
    public async Task A_wait_for_an_event_times_out_when_none_comes()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Approval), "approval-late", new ApprovalRequest("invoice", 300));

        var state = await FinishedAsync(app, "approval-late");
        Assert.Equal("invoice not approved in time", state.Output?.GetString());
        Assert.Equal(StepStatus.Failed, state.Steps.Single().Status);
    }

    [Fact]
    public async Task A_durable_timer_sleeps_then_the_workflow_goes_on()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Nap), "nap-1", 300);
        var state = await FinishedAsync(app, "nap-1");

        Assert.Equal("awake", state.Output?.GetString());
        Assert.Equal([StepKind.Timer, StepKind.Activity], state.Steps.OrderBy(s => s.Seq).Select(s => s.Kind));
    }

    [Fact]
    public async Task Fan_out_over_fifty_items_runs_every_step_once_and_fans_in()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(FanOut), "fan-1", 50);
        var state = await FinishedAsync(app, "fan-1");

        Assert.Equal(Enumerable.Range(1, 50).Sum(i => i * i), state.Output?.GetInt32());
        Assert.Equal(50, state.Steps.Count);
        Assert.All(state.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
    }

    [Fact]
    public async Task Starting_an_instance_id_twice_starts_it_once()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        var first = await app.Client.StartAsync(nameof(ThreeSteps), "once", "y");
        var second = await app.Client.StartAsync(nameof(ThreeSteps), "once", "y");
        await FinishedAsync(app, "once");

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(1, app.Ledger.Count("echo:y-a"));
    }

    [Fact]
    public async Task A_terminated_instance_stops_waiting_and_ignores_later_events_then_can_be_purged()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Approval), "stop-1", new ApprovalRequest("plan", 60_000));
        Assert.False(await app.Client.PurgeAsync("stop-1"));
        await app.Client.TerminateAsync("stop-1", "operator cancelled");
        await app.Client.RaiseEventAsync("stop-1", "approved", "too late");
        var state = await app.Client.GetAsync("stop-1");

        Assert.Equal(WorkflowStatus.Terminated, state!.Status);
        Assert.Equal("operator cancelled", state.Error);
        Assert.True(await app.Client.PurgeAsync("stop-1"));
        Assert.Null(await app.Client.GetAsync("stop-1"));
    }

    [Fact]
    public async Task Instances_are_listed_by_name_and_status()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(ThreeSteps), "list-done", "z");
        await app.Client.StartAsync(nameof(Approval), "list-waiting", new ApprovalRequest("x", 60_000));
        await FinishedAsync(app, "list-done");

        await Eventually.TrueAsync(async () => (await app.Client.ListAsync(new ListQuery(Status: WorkflowStatus.Completed))).Any(s => s.InstanceId == "list-done"), Patience, "listed as completed");
        await Eventually.TrueAsync(async () => (await app.Client.ListAsync(new ListQuery(Name: nameof(Approval)))).Select(s => s.InstanceId).SequenceEqual(["list-waiting"]),
            Patience, "only the approval is listed under its name");
    }

    [Fact]
    public async Task A_step_can_call_another_app_through_service_invocation_with_a_stable_idempotency_key()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();
        await apps.StartAsync("greeter");

        await app.Client.StartAsync(nameof(CallsAnotherApp), "call-1", "greeter");
        var state = await FinishedAsync(app, "call-1");

        var greeting = state.Output!.Value.Deserialize<Greeting>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.Equal("hello workflow", greeting.Name);
        Assert.Equal("call-1:0", greeting.Key);
    }

    [Fact]
    public async Task A_custom_status_shows_where_the_instance_stands()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();

        await app.Client.StartAsync(nameof(Stages), "stages-1", "post");
        await Eventually.TrueAsync(async () => (await app.Client.GetAsync("stages-1"))?.Status == WorkflowStatus.Waiting, Patience, "waiting");
        var drafting = (await app.Client.GetAsync("stages-1"))!.CustomStatus;
        await app.Client.RaiseEventAsync("stages-1", "go");
        var state = await FinishedAsync(app, "stages-1");

        Assert.Equal("drafting", drafting?.GetProperty("stage").GetString());
        Assert.Equal("publishing", state.CustomStatus?.GetProperty("stage").GetString());
    }

    [Theory]
    [InlineData(true, "done by ops")]
    [InlineData(false, "overdue")]
    public async Task A_deadline_timer_raced_against_an_event_decides_whichever_comes_first(bool eventFirst, string expected)
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();
        var id = $"deadline-{eventFirst}";

        await app.Client.StartAsync(nameof(Deadline), id, eventFirst ? 60_000 : 300);
        if (eventFirst)
        {
            await Eventually.TrueAsync(async () => (await app.Client.GetAsync(id))?.Status == WorkflowStatus.Waiting, Patience, "waiting");
            await app.Client.RaiseEventAsync(id, "done", "ops");
        }

        Assert.Equal(expected, (await FinishedAsync(app, id)).Output?.GetString());
    }
}
