using GoLive.Runtime.Sidecar;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace GoLive.Runtime.Grpc;

/// <summary>
/// The sidecar's gRPC API. Each area implements its RPCs in its own partial file (<c>DaprGrpcService.State.cs</c>, …) as
/// <c>public virtual</c> methods named exactly like the RPC; <see cref="DaprGrpcBinder"/> binds whatever exists.
/// </summary>
[BindServiceMethod(typeof(DaprGrpcService), nameof(BindService))]
public partial class DaprGrpcService(SidecarContext sidecar)
{
    protected SidecarContext Sidecar { get; } = sidecar;

    public static void BindService(ServiceBinderBase binder, DaprGrpcService? service) =>
        DaprGrpcBinder.Bind(binder, typeof(DaprGrpcService));
}

/// <summary>Turns <see cref="DaprApiException"/> into the gRPC status daprd would answer with.</summary>
internal sealed class DaprErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (DaprApiException e)
        {
            throw new RpcException(new Status(e.Error.GrpcStatus, $"{e.Error.Code}: {e.Error.Message}"));
        }
    }
}
