using GoLive.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;

namespace GoLive.Gateway.Proxy;

/// <summary>When no upstream answer came at all (sidecar unreachable, timeout), the partner still gets a problem, never a bare status.</summary>
internal static partial class UpstreamFailures
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted) return;
        // The partner hung up: nobody to answer and nothing wrong upstream (a load test ending logs thousands of these).
        if (failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled) return;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GoLive.Gateway.Upstream");
        LogFailure(logger, failure.Error);
        var problem = failure.Error switch
        {
            ForwarderError.RequestTimedOut => Problems.Problem(504, GatewayProblemCodes.UpstreamTimeout, "The service did not answer in time."),
            _ => UpstreamTransforms.Unavailable(context.Response),
        };
        await problem.ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream call failed: {ForwarderError}")]
    static partial void LogFailure(ILogger logger, ForwarderError forwarderError);
}
