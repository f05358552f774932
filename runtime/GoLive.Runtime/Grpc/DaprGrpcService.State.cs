using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.State;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    private StateService StateApi(ServerCallContext context) => context.GetHttpContext().RequestServices.GetRequiredService<StateService>();

    public virtual async Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        var entry = await StateApi(context).GetAsync(request.StoreName, request.Key, context.CancellationToken);
        var response = new GetStateResponse();
        if (entry is null) return response;
        response.Data = UnsafeByteOperations.UnsafeWrap(entry.Value);
        response.Etag = entry.ETag;
        if (StateService.TtlExpireTime(entry) is { } expires) response.Metadata["ttlExpireTime"] = expires;
        return response;
    }

    public virtual async Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        var state = StateApi(context);
        var items = await Task.WhenAll(request.Keys.Select(async key =>
        {
            var item = new BulkStateItem { Key = key };
            try
            {
                if (await state.GetAsync(request.StoreName, key, context.CancellationToken) is { } entry)
                {
                    item.Data = UnsafeByteOperations.UnsafeWrap(entry.Value);
                    item.Etag = entry.ETag;
                }
            }
            catch (Sidecar.DaprApiException e) when (e.Error.HttpStatus != 400)
            {
                item.Error = e.Error.Message;
            }
            return item;
        }));
        var response = new GetBulkStateResponse();
        response.Items.AddRange(items);
        return response;
    }

    public virtual async Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        await StateApi(context).SaveAsync(request.StoreName, request.States.Select(ToRequestItem).ToArray(), context.CancellationToken);
        return new Empty();
    }

    public virtual async Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        var item = new StateRequestItem(request.Key, [], request.Etag?.Value, IsFirstWrite(request.Options), request.Metadata);
        await StateApi(context).DeleteAsync(request.StoreName, [item], context.CancellationToken);
        return new Empty();
    }

    public virtual async Task<Empty> DeleteBulkState(DeleteBulkStateRequest request, ServerCallContext context)
    {
        await StateApi(context).DeleteAsync(request.StoreName, request.States.Select(ToRequestItem).ToArray(), context.CancellationToken);
        return new Empty();
    }

    public virtual async Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        var operations = request.Operations.Select(o => (o.OperationType, ToRequestItem(o.Request))).ToArray();
        await StateApi(context).TransactAsync(request.StoreName, operations, context.CancellationToken);
        return new Empty();
    }

    private static StateRequestItem ToRequestItem(StateItem item) =>
        new(item.Key, item.Value.ToByteArray(), item.Etag?.Value, IsFirstWrite(item.Options), item.Metadata);

    private static bool IsFirstWrite(StateOptions? options) =>
        options?.Concurrency == StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite;
}
