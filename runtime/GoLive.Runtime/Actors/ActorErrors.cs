using GoLive.Runtime.Sidecar;
using StatusCode = Grpc.Core.StatusCode;

namespace GoLive.Runtime.Actors;

/// <summary>daprd's actor error codes.</summary>
internal static class ActorErrors
{
    public const string ReentrancyHeader = "Dapr-Reentrancy-Id";
    /// <summary>Set by the .NET actor SDK when the actor method threw: the answer is the actor's, not a failure to reach it.</summary>
    public const string ActorExceptionHeader = "X-DaprErrorResponseHeader";
    public const string CircuitOpenCode = "ERR_ACTOR_CIRCUIT_OPEN";

    public static DaprApiException CircuitOpen(string actorType, string actorId, string breaker) =>
        new(new(CircuitOpenCode, $"circuit breaker '{breaker}' for actor {actorType}/{actorId} is open", 500, StatusCode.Unavailable));

    public static DaprApiException Timeout(string actorType, string actorId, TimeSpan? after) =>
        new(new("ERR_ACTOR_INVOKE_METHOD", $"error invoke actor method {actorType}/{actorId}: timed out after {after}", 500, StatusCode.DeadlineExceeded));

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
