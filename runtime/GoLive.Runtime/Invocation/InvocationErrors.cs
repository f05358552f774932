using GoLive.Runtime.Sidecar;
using Grpc.Core;

namespace GoLive.Runtime.Invocation;

/// <summary>daprd's <c>ERR_DIRECT_INVOKE</c> answers: 500 / gRPC Internal, naming the app id.</summary>
internal static class InvocationErrors
{
    public static DaprApiException Failed(string appId, string reason) =>
        new(new("ERR_DIRECT_INVOKE", $"failed to invoke, id: {appId}, err: {reason}", 500, StatusCode.Internal));

    public static DaprApiException UnknownApp(string appId) => Failed(appId, $"couldn't find service: {appId}");

    public static DaprApiException NoAppChannel(string appId) => Failed(appId, "app channel is not initialized");
}
