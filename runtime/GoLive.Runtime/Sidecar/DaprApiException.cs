using Grpc.Core;

namespace GoLive.Runtime.Sidecar;

/// <summary>An error the sidecar API answers with, in daprd's shape: a stable <c>errorCode</c>, an HTTP status and a gRPC status.</summary>
public sealed record DaprError(string Code, string Message, int HttpStatus, StatusCode GrpcStatus);

/// <summary>Thrown anywhere below the API layer; the HTTP and gRPC front ends turn it into daprd's error answer.</summary>
public sealed class DaprApiException(DaprError error) : Exception(error.Message)
{
    public DaprError Error { get; } = error;
}

/// <summary>The error codes daprd uses, so clients that branch on them behave the same against the local runtime.</summary>
public static class DaprErrors
{
    public static DaprApiException Malformed(string message) =>
        new(new("ERR_MALFORMED_REQUEST", message, 400, StatusCode.InvalidArgument));

    public static DaprApiException ComponentNotFound(string code, string kind, string name) =>
        new(new(code, $"{kind} {name} is not found", 400, StatusCode.InvalidArgument));

    public static DaprApiException StateStoreNotFound(string name) =>
        ComponentNotFound("ERR_STATE_STORE_NOT_FOUND", "state store", name);

    public static DaprApiException StateStoresNotConfigured() =>
        new(new("ERR_STATE_STORE_NOT_CONFIGURED", "state store is not configured", 500, StatusCode.FailedPrecondition));

    public static DaprApiException PubSubNotFound(string name) =>
        new(new("ERR_PUBSUB_NOT_FOUND", $"pubsub {name} is not found", 404, StatusCode.InvalidArgument));

    public static DaprApiException SecretStoreNotFound(string name) =>
        new(new("ERR_SECRET_STORE_NOT_FOUND", $"failed finding secret store with key {name}", 401, StatusCode.InvalidArgument));

    public static DaprApiException BindingNotFound(string name) =>
        new(new("ERR_INVOKE_OUTPUT_BINDING", $"error when invoke output binding {name}: binding {name} not found", 500, StatusCode.Internal));

    public static DaprApiException NotSupported(string code, string what) =>
        new(new(code, $"{what} is not supported by the GoLive local runtime", 501, StatusCode.Unimplemented));

    public static DaprApiException Internal(string code, string message) =>
        new(new(code, message, 500, StatusCode.Internal));
}
