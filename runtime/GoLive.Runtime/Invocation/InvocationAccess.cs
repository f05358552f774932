using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Invocation;

/// <summary>Applies the target app's access control to an invocation, as the callee's sidecar does in daprd.</summary>
internal static partial class InvocationAccess
{
    /// <param name="verb">The HTTP verb; null for a gRPC invocation without an HTTP extension.</param>
    public static void Authorize(SidecarContext caller, SidecarContext target, string operation, string? verb, ILogger logger)
    {
        // daprd hands an app's call to itself straight to its own app channel, past access control.
        if (string.Equals(caller.AppId, target.AppId, StringComparison.Ordinal)) return;
        if (target.Configuration.AccessControl.Allows(caller.AppId, caller.Configuration.AccessControl.TrustDomain, operation, verb)) return;
        LogDenied(logger, caller.AppId, target.AppId, verb ?? "NONE", operation);
        throw new DaprApiException(new("ERR_PERMISSION_DENIED",
            $"access control policy has denied access to id: {caller.AppId} operation: {operation} verb: {verb ?? "NONE"}", 403,
            global::Grpc.Core.StatusCode.PermissionDenied));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access control denied {Caller} calling {Callee}: {Verb} {Path}")]
    static partial void LogDenied(ILogger logger, string caller, string callee, string verb, string path);
}
