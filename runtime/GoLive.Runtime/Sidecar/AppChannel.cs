using System.Net;
using System.Net.Sockets;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// The sidecar's connection to its app: one pooled HTTP/1.1 client used for invocation, event delivery and bindings.
/// Sends <c>dapr-api-token</c> when an app token is configured.
/// </summary>
public sealed class AppChannel : IDisposable
{
    public AppChannel(string appId, string host, int port, string? appApiToken)
    {
        AppId = appId;
        BaseAddress = new Uri($"http://{host}:{port}/");
        Port = port;
        Host = host;
        AppApiToken = appApiToken;
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
        });
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }, disposeHandler: true)
        {
            BaseAddress = BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (appApiToken is not null) Client.DefaultRequestHeaders.Add("dapr-api-token", appApiToken);
    }

    public string AppId { get; }
    public string Host { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public string? AppApiToken { get; }

    /// <summary>For streaming proxies (YARP forwarder); headers are the caller's to set.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>For the sidecar's own calls to the app (subscribe, deliver, bindings), with the app token preset.</summary>
    public HttpClient Client { get; }

    /// <summary>True once something accepts TCP connections on the app port.</summary>
    public async Task<bool> IsListeningAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(Host), Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Invoker.Dispose();
        Client.Dispose();
    }
}
