using GoLive.Runtime.Sidecar;
using StatusCode = Grpc.Core.StatusCode;

namespace GoLive.Runtime.Actors;

/// <summary>daprd's actor error codes.</summary>
internal static class ActorErrors
{
    public const string ReentrancyHeader = "Dapr-Reentrancy-Id";

    public static DaprApiException NotHosted(string actorType, string actorId) =>
        new(new("ERR_ACTOR_INVOKE_METHOD", $"error invoke actor method: did not find address for actor {actorType}/{actorId}", 500, StatusCode.Internal));

    public static DaprApiException AppUnreachable(string actorType, string actorId, string reason) =>
        new(new("ERR_ACTOR_INVOKE_METHOD", $"error invoke actor method {actorType}/{actorId}: {reason}", 500, StatusCode.Internal));

    public static DaprApiException NoApp(string appId) =>
        new(new("ERR_ACTOR_RUNTIME_NOT_FOUND", $"app {appId} has no app port, so it cannot host actors", 500, StatusCode.Internal));

    public static DaprApiException RuntimeNotFound() =>
        new(new("ERR_ACTOR_RUNTIME_NOT_FOUND", "the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value: \"true\" in your state store component file?", 500, StatusCode.Internal));

    public static DaprApiException ReminderNotFound(string name) =>
        new(new("ERR_ACTOR_REMINDER_GET", $"error getting reminder: reminder {name} not found", 500, StatusCode.NotFound));
}
