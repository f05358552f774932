using Dapr;
using Dapr.Client;

namespace GoLive.Runtime.TestApp;

/// <summary>Builds the conformance app; tests start it in-process on a chosen port, `dapr run` starts it as a process.</summary>
public static class ConformanceApp
{
    /// <param name="configure">Lets a test point the Dapr client at its sidecar and pick the app's URL.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("APP_PORT") is { Length: > 0 } port && string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddDaprClient();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        app.MapSubscribeHandler();
        app.MapGet("/", () => "conformance app");
        app.MapInboxEndpoints();
        app.MapPubSubScenarios();
        app.MapInvocationScenarios();
        app.MapBindingScenarios();
        return app;
    }

    /// <summary>The Dapr client builder settings a test uses to reach its sidecar.</summary>
    public static void UseSidecar(this WebApplicationBuilder builder, string grpcEndpoint, string httpEndpoint, int appPort)
    {
        builder.WebHost.UseUrls($"http://127.0.0.1:{appPort}");
        builder.Services.AddDaprClient(b => b.UseGrpcEndpoint(grpcEndpoint).UseHttpEndpoint(httpEndpoint));
    }
}
