using GoLive.Runtime.Sidecar;
using Grpc.Core;

namespace GoLive.Runtime.Secrets;

/// <summary>daprd's secret API errors: codes, messages and statuses as its <c>messages</c> package defines them.</summary>
internal static class SecretErrors
{
    public static DaprApiException NotConfigured() =>
        new(new("ERR_SECRET_STORES_NOT_CONFIGURED", "secret store is not configured", 500, StatusCode.FailedPrecondition));

    public static DaprApiException NotFound(string key, string store) =>
        new(new("ERR_SECRET_GET", $"failed getting secret with key {key} from secret store {store}: secret {key} not found", 500, StatusCode.Internal));
}
