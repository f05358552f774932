using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Invocation;

/// <summary>Applies the target app's access control to an invocation, as the callee's sidecar does in daprd.</summary>
internal static partial class InvocationAccess
{
    public static void Authorize(SidecarContext target, string callerAppId, string operation, string verb, ILogger logger)
    {
        if (target.Configuration.AccessControl.Allows(callerAppId, operation, verb)) return;
        LogDenied(logger, callerAppId, target.AppId, verb, operation);
        throw new DaprApiException(new("ERR_PERMISSION_DENIED",
            $"access control policy has denied access to id: {callerAppId} operation: {operation} verb: {verb}", 403,
            global::Grpc.Core.StatusCode.PermissionDenied));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access control denied {Caller} calling {Target}: {Verb} {Operation}")]
    static partial void LogDenied(ILogger logger, string caller, string target, string verb, string operation);
}
