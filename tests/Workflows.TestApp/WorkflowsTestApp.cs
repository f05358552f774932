using GoLive.Workflows;

namespace GoLive.Workflows.TestApp;

/// <summary>Builds the app; in-process tests pass <see cref="Settings"/>, the crash tests' process reads the environment.</summary>
public static class WorkflowsTestApp
{
    public sealed record Settings(string SidecarHttpEndpoint, int AppPort, TimeSpan ResumeInterval);

    public static WebApplication Build(string[] args, Settings? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (settings is not null)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{settings.AppPort}");
            builder.Configuration["DAPR_HTTP_ENDPOINT"] = settings.SidecarHttpEndpoint;
        }
        var resume = settings?.ResumeInterval ?? builder.Configuration.GetValue("Workflows:ResumeInterval", TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(new ActivityLedger(builder.Configuration["LEDGER_FILE"]));
        builder.Services.AddWorkflows(o =>
        {
            o.ResumeInterval = resume;
            o.AddWorkflow<ThreeSteps>().AddWorkflow<Saga>().AddWorkflow<Approval>().AddWorkflow<Nap>().AddWorkflow<FanOut>().AddWorkflow<SlowSteps>()
             .AddWorkflow<CallsAnotherApp>().AddWorkflow<PlaceOrder>();
            o.AddActivity<Echo>().AddActivity<Square>().AddActivity<Flaky>().AddActivity<Record>().AddActivity<AlwaysFails>().AddActivity<Slow>()
             .AddActivity<Record>("Reserve").AddActivity<Record>("Release").AddActivity<Record>("Charge").AddActivity<Record>("Refund");
        }, actors =>
        {
            if (settings is not null) actors.HttpEndpoint = settings.SidecarHttpEndpoint;
            else if (builder.Configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint) actors.HttpEndpoint = endpoint;
        });
        var app = builder.Build();
        app.MapActorsHandlers();
        // A method other apps' workflows call through service invocation; it echoes the idempotency key it got.
        app.MapPost("/greet", (HttpRequest request, Greeting greeting) =>
            new Greeting($"hello {greeting.Name}", request.Headers["Idempotency-Key"].ToString()));
        // The shipping service the README example calls.
        app.MapPost("/v1/shipments", (Shipment shipment) => $"shipped {shipment.Id} as {shipment.Parcel}");
        return app;
    }
}

public sealed record Shipment(string Id, string Parcel);

public sealed record Greeting(string Name, string? Key = null);
