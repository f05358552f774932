using Microsoft.Extensions.Configuration;

namespace GoLive.DaprAccess.Sidecar;

/// <summary>
/// Where this app's sidecar listens and the token it wants, read from the standard Dapr settings with the SDK's
/// precedence: <c>DAPR_HTTP_ENDPOINT</c>, else loopback on <c>DAPR_HTTP_PORT</c> (3500); <c>DAPR_API_TOKEN</c> when set.
/// </summary>
public sealed record SidecarEndpoint(Uri Http, string? ApiToken)
{
    /// <summary>The header that carries <see cref="ApiToken"/> to the sidecar (and the app token from it).</summary>
    public const string TokenHeader = "dapr-api-token";

    public static SidecarEndpoint From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var http = configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint
            ? endpoint
            : "http://127.0.0.1:" + (configuration["DAPR_HTTP_PORT"] is { Length: > 0 } port ? port : "3500");
        return new(new Uri(http.TrimEnd('/') + "/"), configuration["DAPR_API_TOKEN"] is { Length: > 0 } token ? token : null);
    }

    /// <summary>The sidecar's invoke URL for <paramref name="appId"/>'s <paramref name="method"/> (a path, query allowed).</summary>
    public Uri Invoke(string appId, string method) =>
        new(Http, $"v1.0/invoke/{Uri.EscapeDataString(appId)}/method/{method.TrimStart('/')}");

    /// <summary>The sidecar's invoke base URL for <paramref name="appId"/>, ending in <c>/method/</c>.</summary>
    public Uri InvokeBase(string appId) => new(Http, $"v1.0/invoke/{Uri.EscapeDataString(appId)}/method/");
}
