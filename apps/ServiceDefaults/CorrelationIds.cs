using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.ServiceDefaults;

/// <summary>Reads the request's correlation id set by <c>UseServiceDefaults</c>.</summary>
public static class CorrelationIds
{
    /// <summary>The correlation id of this request (falls back to the trace identifier outside the middleware).</summary>
    public static string GetCorrelationId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<CorrelationIdFeature>()?.Value ?? context.TraceIdentifier;
    }

    internal static IServiceCollection AddCorrelationIds(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<CorrelationIdHandler>();
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler<CorrelationIdHandler>());
        return services;
    }
}

/// <summary>Carries the current request's correlation id on calls made through IHttpClientFactory.</summary>
internal sealed class CorrelationIdHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext?.Features.Get<CorrelationIdFeature>() is { } feature
            && !request.Headers.Contains(CorrelationIdMiddleware.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.HeaderName, feature.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
