namespace GoLive.Workflows.TestApp;

// README example: keep this file and the code block in workflows/README.md identical (a test compares them).
public sealed record Order(string Id, decimal Amount);

/// <summary>Reserve stock and charge the card (each undone if a later step fails), wait for the warehouse, ship.</summary>
public sealed class PlaceOrder : Workflow<Order, string>
{
    private static readonly RetryPolicy ThreeTries = new(MaxAttempts: 3, FirstDelay: TimeSpan.FromSeconds(1));

    public override async Task<string> RunAsync(WorkflowContext context, Order order)
    {
        await context.CallActivityAsync<string>("Reserve", order.Id,
            new StepOptions(ThreeTries, CompensateWith: new Compensation("Release", order.Id)));
        await context.CallActivityAsync<string>("Charge", order.Id,
            new StepOptions(ThreeTries, TimeSpan.FromSeconds(30), new Compensation("Refund", order.Id)));
        var parcel = await context.WaitForEventAsync<string>("packed", TimeSpan.FromDays(2));
        return await context.CallServiceAsync<string>("shipping", "v1/shipments", new { order.Id, parcel });
    }
}
