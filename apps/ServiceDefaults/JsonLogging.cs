using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace GoLive.ServiceDefaults;

/// <summary>Serilog as compact JSON on stdout, and one request log line per request without PII.</summary>
internal static class JsonLogging
{
    private const string RoutePatternItem = "GoLive.RoutePattern";
    private const string Unmatched = "(unmatched)";

    public static IServiceCollection AddJsonLogging(this IServiceCollection services, IConfiguration configuration, string serviceName) =>
        // Levels come from the "Serilog" configuration section; extra sinks or enrichers may be registered as services.
        services.AddSerilog(
            (provider, logger) => logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                // IHttpClientFactory logs two lines per call, sidecar probes included; traces cover outgoing calls.
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(provider)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("ServiceName", serviceName)
                .Enrich.With<DropRawRequestPath>()
                // A background writer: a request never waits on stdout (a pipe to the launcher or the container runtime).
                // When it falls 10,000 lines behind, callers wait rather than lines being dropped.
                .WriteTo.Async(sink => sink.Console(new CompactJsonFormatter()), bufferSize: 10_000, blockWhenFull: true),
            preserveStaticLogger: true);

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        return app.UseWhen(
            context => !HealthEndpoints.Matches(context.Request.Path),
            branch => branch
                .UseSerilogRequestLogging(options =>
                {
                    options.Logger = logger;
                    options.MessageTemplate = "HTTP {RequestMethod} {RoutePattern} responded {StatusCode} in {Elapsed:0.0000} ms";
                    // The route template instead of the raw path: no ids, e-mails or query strings in logs.
                    options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
                    [
                        new("RequestMethod", new ScalarValue(context.Request.Method)),
                        new("RoutePattern", new ScalarValue(RoutePatternOf(context))),
                        new("StatusCode", new ScalarValue(status)),
                        new("Elapsed", new ScalarValue(elapsed)),
                    ];
                })
                // The exception handler clears the endpoint, so remember the route before it runs.
                .Use((context, next) =>
                {
                    context.Items[RoutePatternItem] = RoutePatternOf(context);
                    return next(context);
                }));
    }

    private static string RoutePatternOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
            ? pattern
            : context.Items[RoutePatternItem] as string ?? Unmatched;
}

/// <summary>ASP.NET Core's log scope adds the raw path, which can carry ids or e-mails; the route pattern replaces it.</summary>
internal sealed class DropRawRequestPath : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.RemovePropertyIfPresent("RequestPath");
}
