using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// <c>DAPR_API_TOKEN</c>: when a sidecar has one, every call to its API must carry it as <c>dapr-api-token</c>
/// (header or gRPC metadata), except the two health routes. Compared in constant time.
/// </summary>
internal static class ApiToken
{
    public const string Header = "dapr-api-token";

    private static readonly DaprError Unauthorized = new("ERR_API_UNAUTHORIZED", "invalid api token", 401, StatusCode.Unauthenticated);

    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    /// <summary>HTTP side; gRPC requests are left to <see cref="ApiTokenInterceptor"/> so they get a gRPC status.</summary>
    public static Task CheckAsync(HttpContext http, string token, Func<Task> next)
    {
        var path = http.Request.Path.Value ?? "";
        var isHealth = path is "/v1.0/healthz" or "/v1.0/healthz/outbound";
        var isGrpc = http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        if (isHealth || isGrpc || Matches(token, http.Request.Headers[Header])) return next();
        return SidecarHttpApi.WriteErrorAsync(http, Unauthorized);
    }

    public static RpcException GrpcUnauthorized() => new(new Status(StatusCode.Unauthenticated, $"{Unauthorized.Code}: {Unauthorized.Message}"));
}

internal sealed class ApiTokenInterceptor(SidecarContext sidecar) : Interceptor
{
    private void Check(ServerCallContext context)
    {
        if (sidecar.Options.ApiToken is { } token && !ApiToken.Matches(token, context.RequestHeaders.GetValue(ApiToken.Header)))
            throw ApiToken.GrpcUnauthorized();
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }
}
