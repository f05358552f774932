using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.Bindings;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    public virtual async Task<InvokeBindingResponse> InvokeBinding(InvokeBindingRequest request, ServerCallContext context)
    {
        var bindings = context.GetHttpContext().RequestServices.GetRequiredService<BindingService>();
        var result = await bindings.InvokeAsync(request.Name,
            new BindingInvocation(request.Operation, request.Data.Memory, request.Metadata), context.CancellationToken);
        var response = new InvokeBindingResponse { Data = UnsafeByteOperations.UnsafeWrap(result.Data) };
        foreach (var (key, value) in result.Metadata) response.Metadata[key] = value;
        return response;
    }
}
