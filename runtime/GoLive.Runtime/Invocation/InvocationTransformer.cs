using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GoLive.Runtime.Invocation;

/// <summary>
/// Turns the caller's request into the app's: the method path replaces the sidecar path, the caller's API token is
/// replaced by the target app's, and daprd's caller/callee headers and a trace context are set.
/// </summary>
internal sealed class InvocationTransformer(PathString method, string callerAppId, string calleeAppId, string? appApiToken) : HttpTransformer
{
    public const string ApiTokenHeader = "dapr-api-token";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        // The default copies every header but the hop-by-hop ones.
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, method, httpContext.Request.QueryString);

        var headers = proxyRequest.Headers;
        headers.Host = null; // the app sees its own address, as with daprd, not the sidecar's
        headers.Remove(ApiTokenHeader);
        if (appApiToken is not null) headers.TryAddWithoutValidation(ApiTokenHeader, appApiToken);
        headers.Remove("dapr-caller-app-id");
        headers.Remove("dapr-callee-app-id");
        headers.TryAddWithoutValidation("dapr-caller-app-id", callerAppId);
        headers.TryAddWithoutValidation("dapr-callee-app-id", calleeAppId);
        if (!httpContext.Request.Headers.ContainsKey("traceparent"))
            headers.TryAddWithoutValidation("traceparent", NewTraceParent());
    }

    private static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}
