using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.Invocation;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    /// <summary>The obsolete gRPC invocation path, translated into an HTTP call to the target app.</summary>
    public virtual async Task<InvokeResponse> InvokeService(InvokeServiceRequest request, ServerCallContext context)
    {
        var (target, channel) = InvocationTargets.Resolve(Sidecar.Apps, request.Id);
        // Without an HTTP extension daprd checks the call with no verb (the app still gets a POST).
        var verb = request.Message?.HttpExtension is { } http && http.Verb != HTTPExtension.Types.Verb.None ? http.Verb.ToString().ToUpperInvariant() : null;
        InvocationAccess.Authorize(Sidecar, target, "/" + (request.Message?.Method ?? "").TrimStart('/'), verb,
            Sidecar.LoggerFactory.CreateLogger<DaprGrpcService>());
        using var call = GrpcInvocation.ToHttpRequest(request.Message ?? new InvokeRequest(), context.RequestHeaders, Sidecar.AppId, target.AppId);
        HttpResponseMessage response;
        try
        {
            response = await channel.Client.SendAsync(call, HttpCompletionOption.ResponseContentRead, context.CancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw InvocationErrors.Failed(request.Id, e.Message);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RpcException(new Status(GrpcInvocation.StatusFromHttp((int)response.StatusCode),
                    $"HTTP {(int)response.StatusCode} from {target.AppId}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 1024)))}"));
            }

            return new InvokeResponse
            {
                Data = new Any { Value = ByteString.CopyFrom(body) },
                ContentType = response.Content.Headers.ContentType?.ToString() ?? "",
            };
        }
    }
}
