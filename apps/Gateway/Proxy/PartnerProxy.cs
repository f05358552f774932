using GoLive.DaprAccess.Sidecar;
using GoLive.Gateway.Idempotency;
using GoLive.ServiceDefaults.Operators;
using Yarp.ReverseProxy.Configuration;

namespace GoLive.Gateway.Proxy;

/// <summary>The partner-facing reverse proxy: routes from configuration, the request policy, idempotency, then YARP.</summary>
internal static class PartnerProxy
{
    public static IServiceCollection AddPartnerProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GatewayRoutesOptions>(configuration.GetSection("Gateway"));
        services.AddSingleton<PartnerRequestPolicy>();
        services.AddSingleton<IProxyConfigProvider, GatewayRouteConfig>();
        services.AddReverseProxy().AddTransforms(builder =>
            UpstreamTransforms.Apply(builder, builder.Services.GetRequiredService<SidecarEndpoint>().ApiToken));
        return services;
    }

    public static WebApplication MapPartnerProxy(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<PartnerRequestPolicy>();
        var idempotency = app.Services.GetRequiredService<IdempotencyKeys>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use((context, next) => policy.InvokeAsync(context, () => next(context)));
            pipeline.Use((context, next) => idempotency.InvokeAsync(context, () => next(context)));
            pipeline.Use((context, next) => UpstreamFailures.InvokeAsync(context, () => next(context)));
        }).Public(); // partners authenticate with their keys in the pipeline above, not as operators or through the sidecar
        return app;
    }
}
