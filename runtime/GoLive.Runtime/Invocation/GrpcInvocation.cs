using System.Net.Http.Headers;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace GoLive.Runtime.Invocation;

/// <summary>How daprd maps an InvokeService call onto an HTTP app, and the app's HTTP status back onto gRPC.</summary>
internal static class GrpcInvocation
{
    private static readonly HashSet<string> ReservedMetadata = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "te", "user-agent", "host", "dapr-api-token", "dapr-app-id", "dapr-caller-app-id", "dapr-callee-app-id",
    };

    public static HttpRequestMessage ToHttpRequest(InvokeRequest message, global::Grpc.Core.Metadata callerMetadata, string callerAppId, string calleeAppId)
    {
        var verb = message.HttpExtension?.Verb ?? HTTPExtension.Types.Verb.None;
        var method = verb == HTTPExtension.Types.Verb.None ? HttpMethod.Post : HttpMethod.Parse(verb.ToString().ToUpperInvariant());
        var query = message.HttpExtension?.Querystring is { Length: > 0 } q ? "?" + q.TrimStart('?') : "";
        var request = new HttpRequestMessage(method, new Uri("/" + message.Method.TrimStart('/') + query, UriKind.Relative));
        if (message.Data is { Value.IsEmpty: false } data)
        {
            request.Content = new ByteArrayContent(data.Value.ToByteArray());
            if (message.ContentType is { Length: > 0 } contentType && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
                request.Content.Headers.ContentType = parsed;
        }
        foreach (var entry in callerMetadata)
        {
            if (entry.IsBinary || entry.Key.StartsWith(':') || entry.Key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) || ReservedMetadata.Contains(entry.Key))
                continue;
            request.Headers.TryAddWithoutValidation(entry.Key, entry.Value);
        }
        request.Headers.TryAddWithoutValidation("dapr-caller-app-id", callerAppId);
        request.Headers.TryAddWithoutValidation("dapr-callee-app-id", calleeAppId);
        return request;
    }

    public static StatusCode StatusFromHttp(int status) => status switch
    {
        >= 200 and < 300 => StatusCode.OK,
        400 or 405 => StatusCode.InvalidArgument,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.NotFound,
        408 or 504 => StatusCode.DeadlineExceeded,
        409 or 423 => StatusCode.Aborted,
        412 or 417 => StatusCode.FailedPrecondition,
        416 => StatusCode.OutOfRange,
        429 => StatusCode.ResourceExhausted,
        499 => StatusCode.Cancelled,
        501 => StatusCode.Unimplemented,
        503 => StatusCode.Unavailable,
        >= 400 and < 500 => StatusCode.InvalidArgument,
        >= 500 and < 600 => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };
}
