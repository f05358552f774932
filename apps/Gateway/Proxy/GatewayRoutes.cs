using GoLive.DaprAccess.Sidecar;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace GoLive.Gateway.Proxy;

/// <summary>
/// A public route: requests under <see cref="PublicPrefix"/> go to app <see cref="AppId"/> (path <see cref="AppPrefix"/> + the rest)
/// through the sidecar, for keys holding <see cref="Scope"/>; each request costs <see cref="Cost"/> rate-limit tokens.
/// </summary>
internal sealed class GatewayRoute
{
    public string PublicPrefix { get; set; } = "";
    public string AppId { get; set; } = "";
    public string AppPrefix { get; set; } = "";
    public string[]? Methods { get; set; }
    public string Scope { get; set; } = "";
    public int Cost { get; set; } = 1;
}

internal sealed class GatewayRoutesOptions
{
    public List<GatewayRoute> Routes { get; set; } = [];
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connections to the sidecar per app id at most (null: no limit); beyond it requests wait for a free one. Under a
    /// thousand concurrent partners, 128 pooled connections gave more throughput and a lower p99 than one per request
    /// (docs/benchmarks.md); raise it for slow apps: an app id gets at most this many / its latency requests per second.
    /// </summary>
    public int? SidecarConnections { get; set; }
}

/// <summary>
/// YARP configuration built from <c>Gateway:Routes</c>: one cluster per app id whose only destination is the sidecar's invoke
/// endpoint (<c>{DAPR_HTTP_ENDPOINT}/v1.0/invoke/{appId}/method</c>), so the gateway never knows an app's address.
/// </summary>
internal sealed class GatewayRouteConfig(IOptions<GatewayRoutesOptions> options, SidecarEndpoint sidecar) : IProxyConfigProvider
{
    public const string ScopeKey = "Scope";
    public const string CostKey = "Cost";
    public const string AppIdKey = "AppId";
    private IProxyConfig? _config;

    public IProxyConfig GetConfig() => _config ??= Build();

    private StaticConfig Build()
    {
        var routes = options.Value.Routes;
        var clusters = routes.Select(r => r.AppId).Distinct(StringComparer.Ordinal).Select(appId => new ClusterConfig
        {
            ClusterId = appId,
            // The sidecar's HTTP API is HTTP/1.1 (gRPC has its own port): no version negotiation per request.
            HttpRequest = new ForwarderRequestConfig
            {
                ActivityTimeout = options.Value.UpstreamTimeout,
                Version = System.Net.HttpVersion.Version11,
                VersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionOrLower,
            },
            HttpClient = new HttpClientConfig { MaxConnectionsPerServer = options.Value.SidecarConnections },
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["sidecar"] = new() { Address = sidecar.InvokeBase(appId).AbsoluteUri.TrimEnd('/') },
            },
        }).ToList();
        var routeConfigs = routes.Select((r, i) => new RouteConfig
        {
            RouteId = $"{r.AppId}-{i}",
            ClusterId = r.AppId,
            Order = i,
            Match = new RouteMatch { Path = r.PublicPrefix.TrimEnd('/') + "/{**rest}", Methods = r.Methods },
            Metadata = new Dictionary<string, string>
            {
                [ScopeKey] = r.Scope,
                [CostKey] = r.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [AppIdKey] = r.AppId,
            },
            Transforms = [new Dictionary<string, string> { ["PathPattern"] = r.AppPrefix.TrimEnd('/') + "/{**rest}" }],
        }).ToList();
        return new StaticConfig(routeConfigs, clusters);
    }

    private sealed class StaticConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;
        public IReadOnlyList<ClusterConfig> Clusters => clusters;
        public Microsoft.Extensions.Primitives.IChangeToken ChangeToken { get; } = new Microsoft.Extensions.Primitives.CancellationChangeToken(CancellationToken.None);
    }
}
