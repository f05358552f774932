using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GoLive.ServiceDefaults.Tests.Infrastructure;

/// <summary>A tiny app on the test server with the service defaults and a few endpoints that misbehave on purpose.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string Downstream = "downstream";

    private readonly WebApplication _app;

    /// <summary>The app token the test app expects unless the settings give another (or an empty one: none).</summary>
    public const string AppToken = "test-app-token";

    private TestApp(WebApplication app, string? appToken)
    {
        _app = app;
        Client = app.GetTestClient();
        if (appToken is { Length: > 0 }) Client.DefaultRequestHeaders.Add("dapr-api-token", appToken);
        Direct = app.GetTestClient();
    }

    /// <summary>Calls the app as its sidecar does: with the app token.</summary>
    public HttpClient Client { get; }

    /// <summary>Calls the app directly, without the app token (an operator's curl, or anyone on the network).</summary>
    public HttpClient Direct { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Production",
        Action<IServiceCollection>? configureServices = null,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(TestApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(DefaultSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var appToken = builder.Configuration["APP_API_TOKEN"];
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient(Downstream).ConfigurePrimaryHttpMessageHandler(() => new EchoCorrelationIdHandler());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        MapMisbehavingEndpoints(app);
        map?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app, appToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Direct.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Point the sidecar at a closed port so no real daprd on 3500 can answer, and keep logs quiet.
    private static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["APP_API_TOKEN"] = AppToken,
        ["DAPR_HTTP_ENDPOINT"] = $"http://127.0.0.1:{ClosedPort()}",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    private static void MapMisbehavingEndpoints(WebApplication app)
    {
        app.MapGet("/correlation", (HttpContext context) => context.GetCorrelationId());
        app.MapGet("/boom", string () => throw new InvalidOperationException("Sensitive internal detail"));
        app.MapPost("/orders", (Order order) => TypedResults.Ok(order));
        app.MapGet("/orders/{id:int}", (int id) => Problems.NotFound("order_not_found", $"No order {id}."));
        app.MapPost("/orders/validate", () => Problems.Validation(new Dictionary<string, string[]>
        {
            ["name"] = ["Name is required."],
        }));
        app.MapGet("/downstream", (IHttpClientFactory factory) =>
            factory.CreateClient(Downstream).GetStringAsync(new Uri("http://downstream.test/")));
    }

    internal sealed record Order(string Name, int Quantity);

    /// <summary>Stands in for another service: answers with the correlation id it received.</summary>
    private sealed class EchoCorrelationIdHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var received = request.Headers.TryGetValues("X-Correlation-Id", out var values) ? string.Join(",", values) : "(none)";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(received) });
        }
    }
}
