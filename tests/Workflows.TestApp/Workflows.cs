namespace GoLive.Workflows.TestApp;

public sealed class ThreeSteps : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var a = await context.CallActivityAsync<string>("Echo", $"{input}-a");
        var b = await context.CallActivityAsync<string>("Flaky", $"{a}-b", new StepOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(10))));
        return await context.CallActivityAsync<string>("Echo", $"{b}-c");
    }
}

/// <summary>Reserve and charge, then ship, which always fails: the charge is refunded and the reservation released.</summary>
public sealed class Saga : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string order)
    {
        await context.CallActivityAsync<string>("Record", $"reserve:{order}", new StepOptions(CompensateWith: new Compensation("Record", $"release:{order}")));
        await context.CallActivityAsync<string>("Record", $"charge:{order}", new StepOptions(CompensateWith: new Compensation("Record", $"refund:{order}")));
        return await context.CallActivityAsync<string>("AlwaysFails", $"ship:{order}", new StepOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(10))));
    }
}

public sealed record ApprovalRequest(string Document, int TimeoutMs);

public sealed class Approval : Workflow<ApprovalRequest, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, ApprovalRequest request)
    {
        try
        {
            var approver = await context.WaitForEventAsync<string>("approved", TimeSpan.FromMilliseconds(request.TimeoutMs));
            return $"{request.Document} approved by {approver}";
        }
        catch (TimeoutException)
        {
            return $"{request.Document} not approved in time";
        }
    }
}

public sealed class Nap : Workflow<int, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, int milliseconds)
    {
        await context.CreateTimerAsync(TimeSpan.FromMilliseconds(milliseconds));
        return await context.CallActivityAsync<string>("Echo", "awake");
    }
}

public sealed class FanOut : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int count)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Square", i)));
        return squares.Sum();
    }
}

public sealed class SlowSteps : Workflow<int, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, int steps)
    {
        for (var i = 0; i < steps; i++) await context.CallActivityAsync<string>("Slow", $"step-{i}");
        return "done";
    }
}

public sealed class CallsAnotherApp : Workflow<string, Greeting>
{
    public override Task<Greeting> RunAsync(WorkflowContext context, string appId) =>
        context.CallServiceAsync<Greeting>(appId, "greet", new Greeting("workflow"));
}
