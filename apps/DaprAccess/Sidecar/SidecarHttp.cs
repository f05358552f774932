using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.DaprAccess.Sidecar;

/// <summary>
/// The one <see cref="HttpClient"/> for calls to this app's sidecar that the SDK does not cover (invocation with full
/// control of the request, health probes): based at the sidecar, every request carrying the API token.
/// </summary>
public static class SidecarHttp
{
    /// <summary>The named client: <c>IHttpClientFactory.CreateClient(SidecarHttp.ClientName)</c>.</summary>
    public const string ClientName = "dapr-sidecar";

    /// <summary>Registers <see cref="SidecarEndpoint"/> (from configuration) and the named sidecar client, once.</summary>
    public static IServiceCollection AddSidecarHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => s.ServiceType == typeof(SidecarTokenHandler)))
        {
            return services;
        }

        services.TryAddSingleton(provider => SidecarEndpoint.From(provider.GetRequiredService<IConfiguration>()));
        services.AddTransient<SidecarTokenHandler>();
        services.AddHttpClient(ClientName, (provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<SidecarEndpoint>().Http;
                // Callers set their own deadlines (resiliency lives in the sidecar); the default 100 s would cut long calls.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
            .AddHttpMessageHandler<SidecarTokenHandler>();
        return services;
    }

    /// <summary>The sidecar client from the factory.</summary>
    public static HttpClient CreateSidecarClient(this IHttpClientFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateClient(ClientName);
    }
}

/// <summary>Adds <c>dapr-api-token</c> to every request for the sidecar, so no caller can forget it.</summary>
public sealed class SidecarTokenHandler(SidecarEndpoint sidecar) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (sidecar.ApiToken is { } token && !request.Headers.Contains(SidecarEndpoint.TokenHeader))
        {
            request.Headers.TryAddWithoutValidation(SidecarEndpoint.TokenHeader, token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
