using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GoLive.ServiceDefaults;

/// <summary>
/// The three calls that give a GoLive app its cross-cutting behaviour: JSON logs, traces and metrics,
/// health endpoints, problem details, correlation ids, Dapr wiring and operator authentication and route access.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private const string UsedMarker = "GoLive.ServiceDefaults.Used";

    /// <summary>Registers logging, telemetry, problem details, correlation ids, health checks and the Dapr client.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // `dapr run --app-port` tells the app its port through APP_PORT.
        AppPortBinding.Apply(builder.Configuration);

        var serviceName = ServiceName(builder);
        builder.Services.AddJsonLogging(builder.Configuration, serviceName);
        builder.Services.AddTelemetry(builder.Configuration, serviceName);
        builder.Services.AddProblemResponses();
        builder.Services.AddCorrelationIds();
        builder.Services.AddSidecarHealthChecks();
        builder.Services.AddDaprClient();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IAuditPublisher, DaprAuditPublisher>();
        builder.Services.TryAddSingleton<AuditClient>();
        // Operators (keys from the secret store, OpenID Connect tokens), the app token, and the audit of operator actions.
        builder.Services.AddOperatorAuthentication(builder.Configuration);
        builder.Services.TryAddSingleton<AppApiToken>();
        builder.Services.TryAddSingleton<OperatorAuditTrail>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OperatorAuditTrail>());
        return builder;
    }

    /// <summary>
    /// Adds the middleware, outermost first: correlation id, request log, exception and status-code problems, route access
    /// (public, operator and internal routes: see <see cref="RouteAccess"/>), and CloudEvents unwrapping. Outside
    /// Development it throws when <c>APP_API_TOKEN</c> is not set.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        AppApiToken.EnsureConfigured(app);
        // Explicit, so the framework adds no authentication middleware of its own; no default scheme, so it costs nothing.
        app.UseAuthentication();
        app.UseMiddleware<RouteAccessMiddleware>();
        app.UseCloudEvents();
        ((IApplicationBuilder)app).Properties[UsedMarker] = true;
        return app;
    }

    /// <summary>Maps <c>/healthz</c>, <c>/readyz</c> and Dapr's <c>/dapr/subscribe</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Endpoints without the middleware would answer errors without problem details or correlation ids.
        if (!((IApplicationBuilder)app).Properties.ContainsKey(UsedMarker))
        {
            throw new InvalidOperationException("Call app.UseServiceDefaults() before app.MapDefaultEndpoints().");
        }

        app.MapHealthEndpoints();
        app.MapSubscribeHandler();
        return app;
    }

    private static string ServiceName(IHostApplicationBuilder builder) =>
        builder.Configuration["APP_ID"] is { Length: > 0 } appId ? appId : builder.Environment.ApplicationName;
}
