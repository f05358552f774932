namespace GoLive.Runtime.Bench.Hosts;

/// <summary>An HttpClient holding at most <c>connections</c> keep-alive connections to one server, as a load generator should.</summary>
internal static class LoadClient
{
    public static HttpClient Create(string baseAddress, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        })
        {
            BaseAddress = new Uri(baseAddress.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
}
