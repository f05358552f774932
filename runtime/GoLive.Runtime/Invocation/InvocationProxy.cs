using System.Net;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace GoLive.Runtime.Invocation;

/// <summary>
/// Proxies an HTTP invocation to the target app through YARP's forwarder on the target's pooled connection: headers, query
/// and body stream through, and the app's status, headers and body come back unchanged.
/// </summary>
internal sealed partial class InvocationProxy(IHttpForwarder forwarder, SidecarContext sidecar, ILogger<InvocationProxy> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromMinutes(5),
    };

    public async Task ForwardAsync(HttpContext http, string appId, PathString method)
    {
        var (target, channel) = InvocationTargets.Resolve(sidecar.Apps, appId);
        InvocationAccess.Authorize(sidecar, target, method.Value ?? "/", http.Request.Method, logger);
        // Resiliency targets belong to the caller's configuration, as with daprd's outbound policies.
        if (sidecar.Catalog.Resiliency.ForApp(target.AppId) is { } policy)
        {
            await ResilientInvocation.ForwardAsync(http, sidecar.AppId, target, channel, method, policy);
            return;
        }
        var transformer = new InvocationTransformer(method, sidecar.AppId, target.AppId, channel.AppApiToken);
        var error = await forwarder.SendAsync(http, channel.BaseAddress.AbsoluteUri, channel.Invoker, RequestConfig, transformer);
        if (error == ForwarderError.None) return;

        var reason = http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
        LogForwardFailed(appId, error, reason);
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled || http.Response.HasStarted) return;
        http.Response.Headers.Clear();
        await SidecarHttpApi.WriteErrorAsync(http, InvocationErrors.Failed(appId, reason).Error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation of {AppId} failed ({Error}): {Reason}")]
    partial void LogForwardFailed(string appId, ForwarderError error, string reason);
}
